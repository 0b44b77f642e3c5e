import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../image/png';
import { openExtractor } from './open-extractor';

const FIXTURES = join(import.meta.dirname, '../../../../test/fixtures/fashion-mnist');

async function readGrey(file: string): Promise<RgbaImage> {
  const { data, info } = await sharp(join(FIXTURES, file))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, rgba: new Uint8Array(data) };
}

// The bundled classifier is the Fashion-MNIST domain extractor and the Inception-Score classifier
// for models trained on it: it must actually recognise the data set (86.7 % test accuracy at training).
describe('bundled Fashion-MNIST classifier', () => {
  it('labels held-out Fashion-MNIST test images correctly and gives 128-d features', async () => {
    const labels = JSON.parse(await readFile(join(FIXTURES, 'labels.json'), 'utf8')) as {
      file: string;
      label: number;
    }[];
    const images = await Promise.all(labels.map((l) => readGrey(l.file)));
    const extractor = await openExtractor('fashion-mnist', { cacheDir: FIXTURES });
    try {
      expect(extractor.dim).toBe(128);
      expect(extractor.classes).toBe(10);
      const probs = await extractor.probabilities(images);
      let correct = 0;
      labels.forEach((l, i) => {
        const row = Array.from(probs.subarray(i * 10, i * 10 + 10));
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
        if (row.indexOf(Math.max(...row)) === l.label) correct += 1;
      });
      expect(correct / labels.length).toBeGreaterThanOrEqual(0.8);
    } finally {
      await extractor.dispose();
    }
  });
});
