import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import sharp from 'sharp';

/** Extensions considered images without looking inside (lower case, no dot). */
// prettier-ignore
export const IMAGE_EXTENSIONS = new Set(
  'png jpg jpeg jpe jfif webp gif tif tiff avif heic heif bmp dib psd jxl ico tga exr jp2'.split(' '),
);
// prettier-ignore
const EXTENSION_FORMATS: Record<string, string> = {
  jpg: 'jpeg', jpe: 'jpeg', jfif: 'jpeg', tif: 'tiff', heic: 'heif', dib: 'bmp',
};
// prettier-ignore
const FORMAT_NAMES: Record<string, string> = {
  bmp: 'BMP', psd: 'Photoshop PSD', jxl: 'JPEG XL', ico: 'Windows icon', exr: 'OpenEXR', heif: 'HEIC',
};

/**
 * Names a file's format from its first bytes, or null when they match nothing we know. Used for
 * files without an image extension (cameras and scrapers leave those) and, after a failed decode,
 * to say "unsupported format (BMP)" rather than "not an image".
 */
export function sniffFormat(head: Uint8Array): string | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(0, 4) === 'GIF8') return 'gif';
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  if (ascii(4, 8) === 'ftyp') return /avi[fs]/.test(ascii(8, 12)) ? 'avif' : 'heif';
  if (ascii(0, 2) === 'BM') return 'bmp';
  if (ascii(0, 4) === '8BPS') return 'psd';
  if (starts(0xff, 0x0a) || ascii(4, 8) === 'JXL ') return 'jxl';
  if (starts(0x00, 0x00, 0x01, 0x00)) return 'ico';
  if (starts(0x76, 0x2f, 0x31, 0x01)) return 'exr';
  return null;
}

export async function readHead(path: string, bytes = 16): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The format a file's extension names ('jpg' → 'jpeg'), or '' without one. */
export function extensionFormat(file: string): string {
  const ext = extname(file).slice(1).toLowerCase();
  return EXTENSION_FORMATS[ext] ?? ext;
}

/**
 * Whether this build of sharp reads the format. AVIF yes (libheif with AV1); HEIC no: the
 * prebuilt libvips leaves out the HEVC decoder, so an iPhone photo must be converted first.
 */
export function decodable(format: string): boolean {
  if (format === 'bmp') return true; // image/bmp.ts: libvips has no BMP reader
  if (format === 'avif') return sharp.format.heif.input.file;
  return format !== 'heif' && sharp.format[format as keyof sharp.FormatEnum]?.input.file === true;
}

export function unsupportedReason(format: string): string {
  const name = FORMAT_NAMES[format] ?? format.toUpperCase();
  return `unsupported format (${name}): the image decoder here cannot read it; convert it to PNG or JPEG`;
}
