import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBmp } from './bmp';
import { decodePngRgba } from './png';
import { sharpImage } from './sharp-image';

// scripts/make_bmp_fixtures.py: each BMP beside a PNG of how Pillow decodes it.
const DIR = resolve(__dirname, '../../../test/fixtures/bmp');
const read = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));

function asRgba(d: ReturnType<typeof decodeBmp>): Uint8Array {
  if (d.channels === 4) return d.pixels;
  const out = new Uint8Array(d.width * d.height * 4);
  for (let p = 0; p < d.width * d.height; p++) {
    out.set(d.pixels.subarray(p * 3, p * 3 + 3), p * 4);
    out[p * 4 + 3] = 255;
  }
  return out;
}

describe('BMP decoding (libvips has none)', () => {
  it.each([
    ['rgb24', 3, 0],
    ['top-down24', 3, 0],
    ['p8', 3, 0],
    ['p4', 3, 0],
    ['mono1', 3, 0],
    ['rgba32-v5', 4, 0],
    // 5/6-bit channels widened to 8 bits: Pillow replicates bits, we round v·255/max.
    ['rgb565', 3, 1],
  ] as const)('%s.bmp gives Pillow’s pixels', (name, channels, tolerance) => {
    const bmp = decodeBmp(read(`${name}.bmp`), `${name}.bmp`);
    const ref = decodePngRgba(read(`${name}.png`));
    expect([bmp.width, bmp.height, bmp.channels]).toEqual([ref.width, ref.height, channels]);
    const got = asRgba(bmp);
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - ref.rgba[i]!));
    expect(worst).toBeLessThanOrEqual(tolerance);
  });

  it('refuses compressed and damaged files in words naming the file', () => {
    expect(() => decodeBmp(read('rle8.bmp'), 'rle8.bmp')).toThrow(
      'rle8.bmp is not a readable BMP: compression RLE8 is not supported (save it uncompressed).',
    );
    const rgb = read('rgb24.bmp');
    expect(() => decodeBmp(rgb.subarray(0, 80), 'cut.bmp')).toThrow(
      'cut.bmp is not a readable BMP: the pixel data ends early.',
    );
    const huge = rgb.slice();
    new DataView(huge.buffer).setInt32(18, 100_000, true);
    new DataView(huge.buffer).setInt32(22, 100_000, true);
    expect(() => decodeBmp(huge, 'huge.bmp')).toThrow(
      /claims 100000×100000 pixels, over the 64 Mpx limit/,
    );
  });

  it('sharpImage hands a BMP to sharp as pixels, so every decoding path reads it', async () => {
    const image = await sharpImage(join(DIR, 'rgb24.bmp'));
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([7, 5, 3]);
    const ref = decodePngRgba(read('rgb24.png'));
    expect([...data.subarray(0, 6)]).toEqual([
      ...ref.rgba.subarray(0, 3),
      ...ref.rgba.subarray(4, 7),
    ]);
  });
});
