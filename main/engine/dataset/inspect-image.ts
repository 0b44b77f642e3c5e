import { stat } from 'node:fs/promises';
import type sharp from 'sharp';
import { sharpImage } from '../image/sharp-image';
import type { ScanReport } from '../../contract/training-schemas';
import {
  decodable,
  extensionFormat,
  readHead,
  sniffFormat,
  unsupportedReason,
} from './image-formats';
import { HASH_SIDE, perceptualHash } from './perceptual-hash';

export type ScannedFile = ScanReport['files'][number];
export type Inspection =
  { ok: true; info: ScannedFile; hash: bigint } | { ok: false; reason: string };

// Channel spread below which an RGB image counts as grayscale: JPEG chroma noise stays under it.
const GRAY_TOLERANCE = 8;

/**
 * Checks one candidate file the way training will read it, and says in words why it cannot be used.
 * Order matters: the header (sharp metadata(), no pixel decode) gives the claimed size, which is
 * checked against `pixelLimit` BEFORE decoding, so a 2 KB file claiming gigapixels costs nothing.
 * Then a full decode (failOn 'error': truncated data is an error, not grey rows) verifies the pixels
 * and, as a 32×32 thumbnail, gives the perceptual hash and the grayscale-by-content check.
 */
export async function inspectImage(
  path: string,
  file: string,
  pixelLimit: number,
): Promise<Inspection> {
  let head: Uint8Array;
  try {
    const { size } = await stat(path);
    if (size === 0) return { ok: false, reason: 'empty file (0 bytes)' };
    head = await readHead(path); // opening it here is what tells "no permission" apart from "corrupt"
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason: `unreadable: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (err as Error).message}`,
    };
  }
  const sniffed = sniffFormat(head);
  let meta: sharp.Metadata;
  try {
    meta = await (await sharpImage(path, { limitInputPixels: false })).metadata();
  } catch (err) {
    if (sniffed !== null)
      return decodable(sniffed)
        ? { ok: false, reason: `corrupt image: ${firstLine(err)}` }
        : unsupported(sniffed);
    // Formats without a reliable signature (TGA) are named by their extension.
    const named = extensionFormat(file);
    if (named && !decodable(named)) return unsupported(named);
    return { ok: false, reason: 'not an image (its contents match no image format)' };
  }
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (width * height > pixelLimit) {
    const mpx = (n: number) =>
      `${n >= 1e7 ? Math.round(n / 1e6) : Number((n / 1e6).toPrecision(2))} Mpx`;
    return {
      ok: false,
      reason: `claims ${width}×${height} pixels (${mpx(width * height)}), over the ${mpx(pixelLimit)} limit`,
    };
  }
  let thumb: Buffer;
  try {
    thumb = await (
      await sharpImage(path, { failOn: 'error', pages: 1, limitInputPixels: pixelLimit })
    )
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize(HASH_SIDE, HASH_SIDE, { fit: 'fill' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer();
  } catch (err) {
    const message = firstLine(err);
    if (/premature end|end of stream|truncat|unexpected end|read error|out of data/i.test(message))
      return { ok: false, reason: `truncated image: the data ends early (${message})` };
    if (meta.format === 'heif' && /compression|codec|plugin|unsupported/i.test(message))
      return unsupported('heif');
    return { ok: false, reason: `corrupt image: ${message}` };
  }
  const format =
    sniffed === 'bmp'
      ? 'bmp' // decoded by image/bmp.ts and handed to sharp as raw pixels
      : meta.format === 'heif' && meta.compression === 'av1'
        ? 'avif'
        : (meta.format ?? sniffed ?? 'unknown');
  const { gray, colourless } = toGray(thumb);
  const info: ScannedFile = {
    file,
    width,
    height,
    format,
    channels: meta.channels ?? 3,
    hasAlpha: meta.hasAlpha === true && (await usesAlpha(path, pixelLimit)),
    grayscale: meta.space === 'b-w' || meta.space === 'grey16' || colourless,
  };
  return { ok: true, info, hash: perceptualHash(gray) };
}

/**
 * Whether an image with an alpha channel has any pixel that is not fully opaque: many PNGs carry
 * an alpha channel that is 255 everywhere, and calling those transparent would be wrong.
 */
async function usesAlpha(path: string, pixelLimit: number): Promise<boolean> {
  try {
    const image = await sharpImage(path, { pages: 1, limitInputPixels: pixelLimit });
    const { isOpaque } = await image.stats();
    return !isOpaque;
  } catch {
    return true; // it has the channel; when it cannot be measured, say what the header says
  }
}

function unsupported(format: string): Inspection {
  return { ok: false, reason: unsupportedReason(format) };
}

/** Luma (BT.601) of an RGB thumbnail, and whether every pixel is (near) colourless. */
function toGray(rgb: Uint8Array): { gray: Uint8Array; colourless: boolean } {
  const gray = new Uint8Array(rgb.length / 3);
  let colourless = true;
  for (let p = 0; p < gray.length; p++) {
    const r = rgb[3 * p]!,
      g = rgb[3 * p + 1]!,
      b = rgb[3 * p + 2]!;
    gray[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    if (Math.max(r, g, b) - Math.min(r, g, b) > GRAY_TOLERANCE) colourless = false;
  }
  return { gray, colourless };
}

/**
 * libvips keeps error text in one process-wide buffer that concurrent decodes clear, so a failure
 * can surface as "Unknown error". Such files are inspected again once nothing else is decoding.
 */
export function lostErrorText(inspection: Inspection): boolean {
  return !inspection.ok && /unknown error|^corrupt image: $/i.test(inspection.reason);
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();
}
