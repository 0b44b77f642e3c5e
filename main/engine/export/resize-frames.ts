import sharp from 'sharp';
import type { RgbaImage } from '../image/png';

export type ResizeFilter = 'nearest' | 'lanczos';

export interface OutputSize {
  /** Whole-number upscale of the model's own size, 1–8. */
  scale: number;
  filter: ResizeFilter;
}

export const DEFAULT_SIZE: OutputSize = { scale: 1, filter: 'nearest' };

export function outputSize(
  size: { scale?: number | undefined; filter?: ResizeFilter | undefined } = {},
): OutputSize {
  return {
    scale: size.scale ?? 1,
    filter: size.filter ?? (size.scale && size.scale > 1 ? 'lanczos' : 'nearest'),
  };
}

/**
 * Upscales an RGBA frame by a whole factor with sharp: nearest keeps hard pixels (pixel art, tiny
 * models), Lanczos (lanczos3) gives smooth edges. Scale 1 returns the frame itself.
 */
export async function resizeFrame(image: RgbaImage, size: OutputSize): Promise<RgbaImage> {
  if (size.scale === 1) return image;
  const width = image.width * size.scale;
  const height = image.height * size.scale;
  const data = await sharp(image.rgba, {
    raw: { width: image.width, height: image.height, channels: 4 },
  })
    .resize(width, height, {
      kernel: size.filter === 'nearest' ? 'nearest' : 'lanczos3',
      fit: 'fill',
    })
    .raw()
    .toBuffer();
  return { width, height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
