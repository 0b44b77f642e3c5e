import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { createRng } from '../main/engine/latent/prng';

/**
 * A folder of `count` synthetic photos for the ingest and training benches: width × height RGB,
 * alternately JPEG (quality 90) and PNG, each a colour gradient with seeded noise on top so the
 * encoders and decoders do real work. Deterministic for a given count and size.
 */
export async function makeImageFolder(
  folder: string,
  count = 300,
  width = 256,
  height = 192,
): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const rng = createRng(7);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const pixels = Buffer.alloc(width * height * 3);
    const [r0, g0, b0] = [rng.nextFloat(), rng.nextFloat(), rng.nextFloat()].map((v) => v * 255);
    const amp = 20 + 60 * rng.nextFloat();
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const o = (y * width + x) * 3;
        const noise = (rng.nextFloat() - 0.5) * amp;
        pixels[o] = clamp(r0! * (1 - x / width) + 255 * (x / width) * 0.5 + noise);
        pixels[o + 1] = clamp(g0! * (1 - y / height) + 255 * (y / height) * 0.5 + noise);
        pixels[o + 2] = clamp(b0! + noise);
      }
    }
    const image = sharp(pixels, { raw: { width, height, channels: 3 } });
    const name = `img-${String(i).padStart(4, '0')}.${i % 2 === 0 ? 'jpg' : 'png'}`;
    await (i % 2 === 0 ? image.jpeg({ quality: 90 }) : image.png()).toFile(join(folder, name));
    names.push(name);
  }
  return names;
}

function clamp(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}
