import { open, readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { decodeBmp, isBmp } from './bmp';

async function firstBytes(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * A sharp pipeline on an image file or its bytes, BMP included: libvips (sharp) does not read
 * BMP, so those are decoded here (image/bmp.ts) and handed to sharp as raw pixels; everything
 * else goes to sharp as it is. Every place that decodes a user's image starts here.
 */
export async function sharpImage(
  source: string | Uint8Array,
  options: sharp.SharpOptions = {},
  label = typeof source === 'string' ? source : 'the image',
): Promise<sharp.Sharp> {
  const head = typeof source === 'string' ? await firstBytes(source) : source.subarray(0, 2);
  if (!isBmp(head)) return sharp(source, options);
  const bytes = typeof source === 'string' ? await readFile(source) : source;
  const bmp = decodeBmp(bytes, label);
  return sharp(bmp.pixels, {
    raw: { width: bmp.width, height: bmp.height, channels: bmp.channels },
    ...(options.limitInputPixels !== undefined && { limitInputPixels: options.limitInputPixels }),
  });
}
