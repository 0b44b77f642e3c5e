import { sharpImage } from '../image/sharp-image';
import { DEFAULT_PIXEL_LIMIT } from '../dataset/scan-folder';
import { inspectImage } from '../dataset/inspect-image';
import type { RgbaImage } from '../image/png';

export type DecodedImage = { ok: true; image: RgbaImage } | { ok: false; reason: string };

/**
 * Decodes one image of an evaluation folder to 8-bit RGBA at its own size, the way training reads
 * it (main/engine/dataset/decode-for-training.ts) minus the crop and resize: EXIF orientation
 * applied, first frame of an animation, transparency composited on white, any bit depth or colour
 * space to 8-bit sRGB, alpha then 255. Resizing is left to the extractor, whose one documented
 * method (bilinear, pytorch-fid style) is part of its identity.
 *
 * Never throws for a bad file: the reason comes back in words (from the scan's own inspection,
 * which tells empty, truncated, unsupported and not-an-image apart).
 */
export async function decodeRgba(
  path: string,
  file: string,
  pixelLimit = DEFAULT_PIXEL_LIMIT,
): Promise<DecodedImage> {
  try {
    const { data, info } = await (
      await sharpImage(path, { failOn: 'error', pages: 1, limitInputPixels: pixelLimit })
    )
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .ensureAlpha(1)
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 4) return { ok: false, reason: `decoded to ${info.channels} channels` };
    return {
      ok: true,
      image: {
        width: info.width,
        height: info.height,
        rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      },
    };
  } catch (err) {
    const inspected = await inspectImage(path, file, pixelLimit);
    if (!inspected.ok) return { ok: false, reason: inspected.reason };
    return { ok: false, reason: `cannot be decoded: ${(err as Error).message.split('\n')[0]}` };
  }
}
