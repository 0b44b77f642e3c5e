import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createRng } from '../latent/prng';
import { concatBytes, decodePngRgba, encodePng, readPngTextChunks, type RgbaImage } from './png';
import { crc32, makeChunk, PNG_SIGNATURE } from './png-chunks';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/png');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(fixtures, name)));

/** A smooth gradient with a noisy band: realistic enough that different rows pick different filters. */
function testImage(width: number, height: number): RgbaImage {
  const rng = createRng(3);
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      rgba.set(
        [
          (x * 255) / width,
          (y * 255) / height,
          y % 7 < 3 ? rng.nextUint32() & 0xff : (x + y) & 0xff,
          128 + (x & 127),
        ],
        o,
      );
    }
  }
  return { width, height, rgba };
}

describe('crc32', () => {
  it('matches the standard check value for "123456789"', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('encodePng / decodePngRgba', () => {
  it('round-trips pixels exactly, including 1×1 and odd sizes', () => {
    for (const [w, h] of [
      [1, 1],
      [37, 23],
      [64, 64],
    ] as const) {
      const image = testImage(w, h);
      expect(decodePngRgba(encodePng(image))).toEqual(image);
    }
  });

  it('writes text as iTXt before IDAT and reads it back, UTF-8 and long (compressed) values included', () => {
    const text = { Title: 'Zoë — 画像', Long: 'x'.repeat(5000), 'latent-studio': '{"a":1}' };
    const png = encodePng(testImage(4, 4), text);
    expect(readPngTextChunks(png)).toEqual(text);
    const ascii = Buffer.from(png).toString('latin1');
    expect(ascii.indexOf('iTXt')).toBeLessThan(ascii.indexOf('IDAT'));
    expect(png.length).toBeLessThan(1000); // the 5000-character value was compressed
  });

  it('refuses keywords PNG does not allow', () => {
    expect(() => encodePng(testImage(1, 1), { '': 'x' })).toThrow(/keyword/);
    expect(() => encodePng(testImage(1, 1), { ['k'.repeat(80)]: 'x' })).toThrow(/keyword/);
  });

  it('decodes rows written with each of the five filter types', () => {
    const width = 6;
    const bpp = 4;
    const image = testImage(width, 10);
    const stride = width * bpp;
    const rows: Uint8Array[] = [];
    for (let y = 0; y < 10; y++) {
      const type = y % 5;
      const row = new Uint8Array(stride + 1);
      row[0] = type;
      for (let i = 0; i < stride; i++) {
        const px = (yy: number, ii: number): number =>
          yy < 0 || ii < 0 ? 0 : (image.rgba[yy * stride + ii] as number);
        const a = px(y, i - bpp);
        const b = px(y - 1, i);
        const c = px(y - 1, i - bpp);
        const p = a + b - c;
        const paeth =
          Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
            ? a
            : Math.abs(p - b) <= Math.abs(p - c)
              ? b
              : c;
        const predicted = [0, a, b, Math.floor((a + b) / 2), paeth][type] as number;
        row[i + 1] = (px(y, i) - predicted) & 0xff;
      }
      rows.push(row);
    }
    const ihdr = new Uint8Array([0, 0, 0, width, 0, 0, 0, 10, 8, 6, 0, 0, 0]);
    const png = concatBytes([
      PNG_SIGNATURE,
      makeChunk('IHDR', ihdr),
      makeChunk('IDAT', deflateSync(concatBytes(rows))),
      makeChunk('IEND', new Uint8Array()),
    ]);
    expect(decodePngRgba(png)).toEqual(image);
  });
});

describe('PNGs written by another encoder (Pillow fixtures)', () => {
  for (const name of ['pillow-rgba', 'pillow-rgb', 'pillow-gray', 'pillow-text']) {
    it(`decodes ${name}.png to the pixels Pillow was given`, () => {
      const image = decodePngRgba(fixture(`${name}.png`));
      expect([image.width, image.height]).toEqual([37, 23]);
      expect(image.rgba).toEqual(fixture(`${name}.rgba`));
    });
  }

  it('reads tEXt, zTXt, iTXt and compressed iTXt chunks', () => {
    const text = readPngTextChunks(fixture('pillow-text.png'), 'pillow-text.png');
    expect(text).toEqual({
      Title: 'plain tEXt from Pillow',
      Comment: 'compressed zTXt from Pillow '.repeat(20),
      Author: 'Zoë Ångström 画像',
      'latent-note': 'compressed iTXt — ünïcödé '.repeat(20),
    });
  });

  it('a PNG without text chunks gives an empty record', () => {
    expect(readPngTextChunks(fixture('pillow-rgb.png'))).toEqual({});
  });

  it('names the file in words when it is truncated or not a PNG', () => {
    expect(() => readPngTextChunks(fixture('truncated.png'), 'truncated.png')).toThrow(
      expect.objectContaining({
        code: 'BAD_FILE',
        message: expect.stringContaining('"truncated.png" is truncated') as unknown,
      }),
    );
    expect(() => readPngTextChunks(fixture('not-a-png.png'), 'not-a-png.png')).toThrow(
      expect.objectContaining({ code: 'BAD_FILE', message: '"not-a-png.png" is not a PNG file.' }),
    );
    expect(() => decodePngRgba(fixture('truncated.png'), 'cut.png')).toThrow(
      /"cut.png" is truncated/,
    );
    expect(() => readPngTextChunks(new Uint8Array(0))).toThrow(/The file is not a PNG file/);
  });

  it('reports a damaged chunk (checksum mismatch) as BAD_FILE', () => {
    const png = fixture('pillow-text.png');
    png[45] = (png[45] as number) ^ 0xff; // inside the tEXt chunk's data
    expect(() => readPngTextChunks(png, 'x.png')).toThrow(/"x.png" is damaged/);
  });
});
