import { StudioError } from '../../../contract/channels';
import { resizePlane } from '../../image/bilinear';
import type { RgbaImage } from '../../image/png';

/**
 * The one resize every extractor uses: bilinear with half-pixel centres and NO antialiasing, i.e.
 * exactly PyTorch's `F.interpolate(x, size=(h, w), mode='bilinear', align_corners=False)` (what
 * pytorch-fid uses to bring images to 299×299). The method changes FID, so it is fixed here and
 * named in every extractor id (`+bilinear299`), never chosen per call.
 *
 * The sampling rule is image/bilinear.ts's (shared with the training decoder's enlargement).
 * Downscaling by more than 2× therefore skips pixels — that is the convention, not an accident.
 * Work is in float64; the result is in 0..255 (no rounding), one float plane per channel.
 *
 * Alpha is ignored. Grayscale (channels = 1) is the ITU-R BT.601 luma 0.299 R + 0.587 G + 0.114 B,
 * taken per pixel before resizing and not rounded (torchvision's `rgb_to_grayscale` weights).
 */
export const RESIZE_METHOD = 'bilinear';

function checkImage(image: RgbaImage): void {
  const { width, height, rgba } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new StudioError('BAD_REQUEST', `image size ${width}×${height} is not a positive size`);
  if (rgba.length !== width * height * 4)
    throw new StudioError(
      'BAD_REQUEST',
      `a ${width}×${height} RGBA image needs ${width * height * 4} bytes, not ${rgba.length}`,
    );
}

/** The source as float64 planes (1 gray or 3 RGB), before resizing. */
function sourcePlanes(image: RgbaImage, channels: 1 | 3): Float64Array[] {
  const n = image.width * image.height;
  const { rgba } = image;
  if (channels === 1) {
    const gray = new Float64Array(n);
    for (let p = 0; p < n; p++)
      gray[p] = 0.299 * rgba[p * 4]! + 0.587 * rgba[p * 4 + 1]! + 0.114 * rgba[p * 4 + 2]!;
    return [gray];
  }
  const planes = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let p = 0; p < n; p++) {
    planes[0]![p] = rgba[p * 4]!;
    planes[1]![p] = rgba[p * 4 + 1]!;
    planes[2]![p] = rgba[p * 4 + 2]!;
  }
  return planes;
}

/**
 * Resizes an RGBA image to `width`×`height` float planes in 0..255: `channels` planes of
 * width*height values each, concatenated (CHW order).
 */
export function resizeToPlanes(
  image: RgbaImage,
  width: number,
  height: number,
  channels: 1 | 3 = 3,
): Float64Array {
  checkImage(image);
  const out = new Float64Array(channels * width * height);
  sourcePlanes(image, channels).forEach((src, c) =>
    resizePlane(src, image.width, image.height, width, height, out, c * width * height),
  );
  return out;
}
