import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { sharpImage } from '../../image/sharp-image';
import { StudioError } from '../../../contract/channels';
import { IMAGE_EXTENSIONS } from '../../dataset/image-formats';
import { encodePng, type RgbaImage } from '../../image/png';

/** Larger decodes are refused: a thumbnail must never make the engine hold a poster in memory. */
const MAX_INPUT_PIXELS = 64_000_000;

/**
 * A small RGBA copy of an image file, fitted inside size × size (never enlarged), first frame of
 * an animation, EXIF rotation applied. Only files with an image extension are read, so the
 * channel cannot be used to peek at arbitrary files; every error names the file and the reason.
 */
export async function readThumbnail(path: string, size: number): Promise<RgbaImage> {
  const ext = extname(path).slice(1).toLowerCase();
  if (!IMAGE_EXTENSIONS.has(ext)) {
    throw new StudioError(
      'BAD_REQUEST',
      `${path} is not an image file (expected an extension such as .png, .jpg or .webp)`,
    );
  }
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new StudioError('BAD_FILE', `${path} is not a file`);
  } catch (err) {
    if (err instanceof StudioError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StudioError('NOT_FOUND', `${path} does not exist`);
    throw new StudioError('BAD_FILE', `${path} cannot be read: ${(err as Error).message}`);
  }
  try {
    const image = await sharpImage(path, { limitInputPixels: MAX_INPUT_PIXELS, pages: 1 });
    const { data, info } = await image
      .rotate()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      width: info.width,
      height: info.height,
      rgba: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0] ?? 'unreadable';
    throw new StudioError('BAD_FILE', `${path} could not be decoded as an image: ${reason}`);
  }
}

/** A PNG data URL of an RGBA image, for thumbnails embedded in a standalone HTML report. */
export function pngDataUrl(image: RgbaImage): string {
  return `data:image/png;base64,${Buffer.from(encodePng(image)).toString('base64')}`;
}
