import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTRACTOR_FIXTURES, maxAbsDiff, readRgba, tinyExpected } from './extractor-test-fixtures';
import { resizeToPlanes } from './resize';

describe('resizeToPlanes (torch bilinear, align_corners=False, no antialias)', () => {
  it.each(tinyExpected.resize.map((c) => [`${c.file} → ${c.width}×${c.height}`, c] as const))(
    'matches torch F.interpolate for %s',
    async (_, c) => {
      const image = await readRgba(join(EXTRACTOR_FIXTURES, c.file));
      const planes = resizeToPlanes(image, c.width, c.height);
      expect(planes.length).toBe(3 * c.width * c.height);
      expect(maxAbsDiff(planes, c.planes)).toBeLessThan(1e-6);
    },
  );

  it('is the identity at the same size and averages neighbours when halving', () => {
    const rgba = new Uint8Array([0, 10, 20, 255, 100, 110, 120, 255]); // 2×1
    expect(Array.from(resizeToPlanes({ width: 2, height: 1, rgba }, 2, 1))).toEqual([
      0, 100, 10, 110, 20, 120,
    ]);
    expect(Array.from(resizeToPlanes({ width: 2, height: 1, rgba }, 1, 1))).toEqual([50, 60, 70]);
  });

  it('gives BT.601 luma for one channel', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255]);
    const gray = resizeToPlanes({ width: 2, height: 1, rgba }, 2, 1, 1);
    expect(gray[0]).toBeCloseTo(0.299 * 255, 10);
    expect(gray[1]).toBeCloseTo(0.587 * 255, 10);
  });

  it('refuses pixel data of the wrong length', () => {
    expect(() => resizeToPlanes({ width: 2, height: 2, rgba: new Uint8Array(15) }, 4, 4)).toThrow(
      /needs 16 bytes, not 15/,
    );
  });
});
