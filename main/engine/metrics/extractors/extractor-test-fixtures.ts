import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RgbaImage } from '../../image/png';

/** Test helpers over test/fixtures/extractors (made by scripts/fixtures/make_extractor_fixture.py). */
export const EXTRACTOR_FIXTURES = join(import.meta.dirname, '../../../../test/fixtures/extractors');
export const TINY_ONNX = join(EXTRACTOR_FIXTURES, 'tiny-extractor.onnx');

export interface TinyExpected {
  size: number;
  images: {
    file: string;
    width: number;
    height: number;
    features: number[];
    logits: number[];
    probabilities: number[];
  }[];
  resize: { file: string; width: number; height: number; planes: number[] }[];
}

export const tinyExpected = JSON.parse(
  readFileSync(join(EXTRACTOR_FIXTURES, 'tiny-expected.json'), 'utf8'),
) as TinyExpected;

/** Decodes a PNG to 8-bit RGBA, as the app's folder reader does. */
export async function readRgba(file: string): Promise<RgbaImage> {
  const { data, info } = await sharp(file)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, rgba: new Uint8Array(data) };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}
