import { describe, expect, it } from 'vitest';
import { bilinearLatent, blendLatents, lerp, slerp, stripLatents } from './interpolate';
import { sampleNormalLatent } from './prng';

const norm = (z: Float32Array): number => Math.sqrt(z.reduce((s, x) => s + x * x, 0));
const dim = 512;
const a = sampleNormalLatent(1, dim);
const b = sampleNormalLatent(2, dim);

describe('lerp and slerp', () => {
  it('both return exact copies of the endpoints at t = 0 and t = 1', () => {
    for (const f of [lerp, slerp]) {
      expect(f(a, b, 0)).toEqual(a);
      expect(f(a, b, 1)).toEqual(b);
      expect(f(a, b, 0)).not.toBe(a);
    }
  });

  it('lerp is the straight line', () => {
    expect(Array.from(lerp(Float32Array.of(0, 2), Float32Array.of(4, -2), 0.25))).toEqual([1, 1]);
  });

  it('slerp keeps the norm on the linear path between the two norms, where lerp sags', () => {
    const longB = b.map((x) => x * 2);
    for (const t of [0.25, 0.5, 0.75]) {
      const expected = (1 - t) * norm(a) + t * norm(longB);
      expect(norm(slerp(a, longB, t))).toBeCloseTo(expected, 2);
    }
    // Two near-orthogonal random latents: the midpoint of a line is ~1/√2 as long.
    expect(norm(lerp(a, b, 0.5)) / norm(a)).toBeLessThan(0.8);
  });

  it('slerp moves at constant angular speed between orthogonal unit vectors', () => {
    const mid = slerp(Float32Array.of(1, 0), Float32Array.of(0, 1), 1 / 3);
    expect(mid[0]).toBeCloseTo(Math.cos(Math.PI / 6), 6);
    expect(mid[1]).toBeCloseTo(Math.sin(Math.PI / 6), 6);
  });

  it('slerp falls back to lerp for parallel vectors and zero vectors', () => {
    const x = Float32Array.of(1, 2, 3);
    expect(
      slerp(
        x,
        x.map((v) => v * 3),
        0.5,
      ),
    ).toEqual(
      lerp(
        x,
        x.map((v) => v * 3),
        0.5,
      ),
    );
    expect(slerp(new Float32Array(3), x, 0.5)).toEqual(lerp(new Float32Array(3), x, 0.5));
  });

  it('refuses latents of different sizes in words', () => {
    expect(() => lerp(a, new Float32Array(3), 0.5)).toThrow(/different sizes \(512 and 3\)/);
  });
});

describe('stripLatents', () => {
  it('gives exactly `frames` frames that start and end on the first and last waypoint', () => {
    const c = sampleNormalLatent(3, dim);
    const strip = stripLatents([a, b, c], 9, 'slerp');
    expect(strip).toHaveLength(9);
    expect(strip[0]).toEqual(a);
    expect(strip[4]).toEqual(b); // the middle frame lands on the middle waypoint
    expect(strip[8]).toEqual(c);
  });

  it('spreads frames evenly by segment', () => {
    const strip = stripLatents(
      [Float32Array.of(0), Float32Array.of(10), Float32Array.of(12)],
      5,
      'lerp',
    );
    expect(strip.map((z) => z[0])).toEqual([0, 5, 10, 11, 12]);
  });

  it('with loop returns toward the first waypoint without repeating it as the last frame', () => {
    const strip = stripLatents([Float32Array.of(0), Float32Array.of(8)], 4, 'lerp', true);
    expect(strip.map((z) => z[0])).toEqual([0, 4, 8, 4]);
    expect(strip[3]).not.toEqual(strip[0]);
  });

  it('handles the smallest cases: two frames, one frame, one waypoint', () => {
    expect(stripLatents([a, b], 2, 'lerp')).toEqual([a, b]);
    expect(stripLatents([a, b], 1, 'lerp')).toEqual([a]);
    expect(stripLatents([a], 3, 'slerp')).toEqual([a, a, a]);
    expect(() => stripLatents([], 3, 'lerp')).toThrow(/at least one waypoint/);
  });
});

describe('blendLatents', () => {
  it('normalises weights, so scaling all weights changes nothing', () => {
    expect(
      blendLatents([
        { z: a, weight: 1 },
        { z: b, weight: 3 },
      ]),
    ).toEqual(
      blendLatents([
        { z: a, weight: 10 },
        { z: b, weight: 30 },
      ]),
    );
  });

  it('a single item, or one weight alone above zero, gives that latent back', () => {
    const alone = blendLatents([
      { z: a, weight: 0 },
      { z: b, weight: 2 },
    ]);
    for (let i = 0; i < dim; i++) expect(alone[i]).toBeCloseTo(b[i] ?? NaN, 5);
  });

  it('rescales the result to the weighted mean norm instead of shrinking toward 0', () => {
    const longB = b.map((x) => x * 3);
    const blended = blendLatents([
      { z: a, weight: 3 },
      { z: longB, weight: 1 },
    ]);
    expect(norm(blended)).toBeCloseTo(0.75 * norm(a) + 0.25 * norm(longB), 2);
  });

  it('leans toward the heavier weight', () => {
    const blended = blendLatents([
      { z: a, weight: 3 },
      { z: b, weight: 1 },
    ]);
    const cos = (x: Float32Array, y: Float32Array): number =>
      x.reduce((s, v, i) => s + v * (y[i] ?? 0), 0) / norm(x) / norm(y);
    expect(cos(blended, a)).toBeGreaterThan(cos(blended, b));
  });

  it('refuses all-zero weights and an empty list in words', () => {
    expect(() => blendLatents([{ z: a, weight: 0 }])).toThrow(/weight above zero/);
    expect(() => blendLatents([])).toThrow(/at least one latent/);
  });
});

describe('bilinearLatent', () => {
  const corners: [Float32Array, Float32Array, Float32Array, Float32Array] = [
    Float32Array.of(0, 0),
    Float32Array.of(4, 0),
    Float32Array.of(0, 8),
    Float32Array.of(4, 8),
  ];
  it('hits each corner exactly and blends across the square', () => {
    expect(bilinearLatent(corners, 0, 0, 'lerp')).toEqual(corners[0]);
    expect(bilinearLatent(corners, 1, 0, 'lerp')).toEqual(corners[1]);
    expect(bilinearLatent(corners, 0, 1, 'slerp')).toEqual(corners[2]);
    expect(bilinearLatent(corners, 1, 1, 'slerp')).toEqual(corners[3]);
    expect(Array.from(bilinearLatent(corners, 0.5, 0.25, 'lerp'))).toEqual([2, 2]);
  });
});
