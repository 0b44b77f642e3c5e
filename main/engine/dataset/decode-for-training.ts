import type sharp from 'sharp';
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
 * Resize kernel: lanczos3 (sharp's default). For the big reductions training needs (a 4000 px
 * photo to 64 px) sharp first shrinks on load (JPEG DCT scaling, WebP) and then reduces with
 * lanczos3, which keeps edges crisper than 'area'/box averaging at 32–64 px without the aliasing of
 * nearest/linear; its slight ringing on hard edges is below what a small generator can learn.
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
  let pipeline = (
    await sharpImage(file, { failOn: 'error', pages: 1, limitInputPixels: pixelLimit })
  )
    .rotate() // before the crop, so "centre" is the centre of the picture as it is shown
    .flatten({ background: background === 'white' ? '#ffffff' : '#000000' })
    // fit 'cover' + centre position = crop the longer side to a centred square, then resize.
    .resize(size, size, { fit: 'cover', position: 'centre', kernel: RESIZE_KERNEL });
  pipeline = channels === 1 ? pipeline.toColourspace('b-w') : pipeline.toColourspace('srgb');
  let result: { data: Buffer; info: sharp.OutputInfo };
  try {
    result = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new StudioError(
      'BAD_FILE',
      `${file} cannot be decoded for training: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  const { data, info } = result;
  if (info.width !== size || info.height !== size || info.channels !== channels)
    throw new StudioError(
      'INTERNAL',
      `${file} decoded to ${info.width}×${info.height}×${info.channels}, not ${size}×${size}×${channels}.`,
    );
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
