import type sharp from 'sharp';
import { resizeSquareBytes } from '../image/bilinear';
import { sharpImage } from '../image/sharp-image';
import { StudioError } from '../../contract/channels';
import { DEFAULT_PIXEL_LIMIT } from './scan-folder';

export interface TrainingImageSettings {
  /** Side of the square training image, in pixels. */
  size: number;
  channels: 1 | 3;
  /** What transparent pixels become: the model never sees alpha. */
  background: 'white' | 'black';
}

/**
 * Reduction kernel: lanczos3 (sharp's default). For the big reductions training needs (a 4000 px
 * photo to 64 px) sharp first shrinks on load (JPEG DCT scaling, WebP) and then reduces with
 * lanczos3, which keeps edges crisper than 'area'/box averaging at 32–64 px without the aliasing of
 * nearest/linear; its slight ringing on hard edges is below what a small generator can learn.
 *
 * Enlargement (a 28 px image trained at 32 px) is bilinear instead (image/bilinear.ts, PyTorch's
 * and Pillow's convention): lanczos3 overshoots on enlargement, and a DCGAN trained on those
 * ringing edges scored clearly worse FID at the same step than one trained on bilinear
 * enlargements of the same images (scripts/gan-reference/results/README.md).
 */
export const RESIZE_KERNEL = 'lanczos3' as const;

/**
 * Decodes one image exactly as training sees it: EXIF orientation applied, the first frame of an
 * animation, transparency composited on `background`, any bit depth or colour space to 8-bit
 * sRGB (3 channels) or luma (1), centre-cropped to a square and resized to size×size.
 * Returns size*size*channels bytes, row-major HWC.
 */
export async function decodeForTraining(
  file: string,
  settings: TrainingImageSettings,
  pixelLimit = DEFAULT_PIXEL_LIMIT,
): Promise<Uint8Array> {
  const { size, channels, background } = settings;
  const image = await sharpImage(file, { failOn: 'error', pages: 1, limitInputPixels: pixelLimit });
  let result: { data: Buffer; info: sharp.OutputInfo };
  let side: number;
  try {
    const { autoOrient } = await image.metadata();
    side = Math.min(autoOrient.width, autoOrient.height, size);
    let pipeline = image
      .rotate() // before the crop, so "centre" is the centre of the picture as it is shown
      .flatten({ background: background === 'white' ? '#ffffff' : '#000000' })
      // fit 'cover' + centre position = crop the longer side to a centred square, then reduce
      // (or, for a smaller image, only crop: it is enlarged below).
      .resize(side, side, { fit: 'cover', position: 'centre', kernel: RESIZE_KERNEL });
    pipeline = channels === 1 ? pipeline.toColourspace('b-w') : pipeline.toColourspace('srgb');
    result = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new StudioError(
      'BAD_FILE',
      `${file} cannot be decoded for training: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  const { data, info } = result;
  if (info.width !== side || info.height !== side || info.channels !== channels)
    throw new StudioError(
      'INTERNAL',
      `${file} decoded to ${info.width}×${info.height}×${info.channels}, not ${side}×${side}×${channels}.`,
    );
  const pixels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return side === size ? pixels : resizeSquareBytes(pixels, side, channels, size);
}
