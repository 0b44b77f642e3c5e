import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { sharpImage } from '../image/sharp-image';
import { StudioError } from '../../contract/channels';
import type { RgbaImage } from '../image/png';

/** An image from the UI (bytes of a drop or paste) or the CLI/desktop (a path). */
export type ImageInput = { bytes: Uint8Array; name?: string | undefined } | { path: string };

/** Larger files are refused before decoding (a latent target never needs more). */
const MAX_BYTES = 64 * 1024 * 1024;
const MAX_PIXELS = 64 * 1024 * 1024;

export interface LoadedTarget {
  /** The image at the model's size, RGBA (centre-cropped to its aspect ratio, Lanczos). */
  image: RgbaImage;
  source: { file: string; sha256: string };
}

async function inputBytes(input: ImageInput): Promise<{ bytes: Uint8Array; file: string }> {
  if ('bytes' in input) {
    if (input.bytes.length > MAX_BYTES)
      throw new StudioError(
        'BAD_FILE',
        `"${input.name ?? 'the image'}" is larger than 64 MB; use a smaller image.`,
      );
    return { bytes: input.bytes, file: input.name ?? 'dropped image' };
  }
  const info = await stat(input.path).catch(() => null);
  if (!info?.isFile())
    throw new StudioError('BAD_FILE', `Cannot read "${input.path}": no such file.`);
  if (info.size > MAX_BYTES)
    throw new StudioError('BAD_FILE', `"${input.path}" is larger than 64 MB; use a smaller image.`);
  return { bytes: new Uint8Array(await readFile(input.path)), file: input.path };
}

/**
 * Decodes any image sharp reads (PNG, JPEG, WebP, GIF first frame, …), applies EXIF rotation,
 * flattens transparency on white, centre-crops to the model's aspect ratio and resizes (Lanczos).
 * Corrupt or non-image bytes are refused in words that name the file.
 */
export async function loadTarget(
  input: ImageInput,
  width: number,
  height: number,
): Promise<LoadedTarget> {
  const { bytes, file } = await inputBytes(input);
  let data: Buffer;
  try {
    const image = await sharpImage(
      bytes,
      { failOn: 'error', pages: 1, limitInputPixels: MAX_PIXELS },
      file,
    );
    data = await image
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize(width, height, { fit: 'cover', position: 'centre', kernel: 'lanczos3' })
      .toColourspace('srgb')
      .ensureAlpha(1)
      .raw()
      .toBuffer();
  } catch (err) {
    throw new StudioError(
      'BAD_FILE',
      `"${basename(file)}" is not an image this app can read (${(err as Error).message.split('\n')[0]}).`,
    );
  }
  return {
    image: { width, height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) },
    source: { file, sha256: createHash('sha256').update(bytes).digest('hex') },
  };
}

/** RGBA → one image tensor [1,C,H,W] (or NHWC) in the model's value range; greyscale = Rec.601 luma. */
export function imageToTensor(
  image: RgbaImage,
  channels: 1 | 3,
  range: readonly [number, number],
  layout: 'NCHW' | 'NHWC',
): Float32Array {
  const { width, height, rgba } = image;
  const plane = width * height;
  const out = new Float32Array(plane * channels);
  const [lo, hi] = range;
  for (let p = 0; p < plane; p++) {
    const r = rgba[p * 4]!;
    const g = rgba[p * 4 + 1]!;
    const b = rgba[p * 4 + 2]!;
    const values = channels === 1 ? [0.299 * r + 0.587 * g + 0.114 * b] : [r, g, b];
    values.forEach((v, c) => {
      const x = lo + ((hi - lo) * v) / 255;
      out[layout === 'NCHW' ? c * plane + p : p * channels + c] = x;
    });
  }
  return out;
}
