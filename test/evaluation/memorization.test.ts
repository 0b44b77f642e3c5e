import { describe, expect, it } from 'vitest';
import { createRng } from '../../main/engine/latent/prng';
import type { FeatureMatrix } from '../../main/engine/metrics/features';
import {
  memorization,
  nearestNeighbours,
  quantileOf,
  SMALL_REFERENCE_SET,
} from '../../main/engine/metrics/memorization';

/** rows × dim standard normal features from the studio PRNG (reproducible). */
function gaussian(rows: number, dim: number, seed: number): FeatureMatrix {
  const rng = createRng(seed);
  const data = new Float64Array(rows * dim);
  for (let i = 0; i < data.length; i += 2) {
    // Box–Muller on two uniforms in (0, 1].
    const u = (rng.nextUint32() + 1) / 4294967297;
    const v = rng.nextUint32() / 4294967296;
    const r = Math.sqrt(-2 * Math.log(u));
    data[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < data.length) data[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return { rows, dim, data };
}

function bruteNearest(a: FeatureMatrix, b: FeatureMatrix, self: boolean) {
  return Array.from({ length: a.rows }, (_, i) => {
    let best = Infinity;
    for (let j = 0; j < b.rows; j++) {
      if (self && i === j) continue;
      let s = 0;
      for (let c = 0; c < a.dim; c++) s += (a.data[i * a.dim + c]! - b.data[j * b.dim + c]!) ** 2;
      best = Math.min(best, Math.sqrt(s));
    }
    return best;
  });
}

describe('memorisation metric', () => {
  const train = gaussian(300, 16, 1);

  it('nearest neighbours agree with brute force, across batch boundaries', () => {
    const samples = gaussian(270, 16, 2);
    const { distances } = nearestNeighbours(samples, train, false);
    const brute = bruteNearest(samples, train, false);
    brute.forEach((d, i) => expect(distances[i]).toBeCloseTo(d, 10));
    const own = nearestNeighbours(train, train, true);
    bruteNearest(train, train, true).forEach((d, i) => expect(own.distances[i]).toBeCloseTo(d, 10));
  });

  it('threshold is the 5th percentile of the training leave-one-out distances (numpy linear)', () => {
    const r = memorization(train, gaussian(10, 16, 3));
    const loo = Float64Array.from(bruteNearest(train, train, true)).sort();
    const pos = 0.05 * (loo.length - 1);
    const lo = Math.floor(pos);
    expect(r.threshold).toBeCloseTo(loo[lo]! + (pos - lo) * (loo[lo + 1]! - loo[lo]!), 10);
    expect(quantileOf(Float64Array.from([1, 2, 3, 4, 5]), 0.25)).toBe(2);
  });

  it('flags copies of training images, and few fresh samples of the same distribution', () => {
    const copies: FeatureMatrix = { rows: 40, dim: 16, data: train.data.slice(0, 40 * 16) };
    const copied = memorization(train, copies);
    expect(copied.flagged).toBe(40);
    expect(copied.pairs[0]).toMatchObject({ distance: 0, flagged: true });
    expect(copied.nearest.slice(0, 5)).toEqual(Int32Array.from([0, 1, 2, 3, 4]));

    const fresh = memorization(train, gaussian(200, 16, 4));
    // By construction about 5 % of honest samples fall under the threshold by chance.
    expect(fresh.flagged / 200).toBeLessThan(0.15);
    expect(fresh.pairs).toHaveLength(64);
    const sorted = fresh.pairs.map((p) => p.distance);
    expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
  });

  it('exact duplicates inside the training set do not pull the threshold to 0', () => {
    const withDupes: FeatureMatrix = {
      rows: 400,
      dim: 16,
      data: Float64Array.from([...train.data, ...train.data.slice(0, 100 * 16)]),
    };
    const r = memorization(withDupes, gaussian(50, 16, 5));
    expect(r.threshold).toBeGreaterThan(0);
    expect(() => memorization({ rows: 1, dim: 16, data: train.data.slice(0, 16) }, train)).toThrow(
      /at least 2 training images/,
    );
  });

  it('flags from fewer than 50 training images carry a warning in words; 50 or more do not', () => {
    expect(SMALL_REFERENCE_SET).toBe(50);
    const tiny: FeatureMatrix = { rows: 49, dim: 16, data: train.data.slice(0, 49 * 16) };
    const copies: FeatureMatrix = { rows: 10, dim: 16, data: train.data.slice(0, 10 * 16) };
    const small = memorization(tiny, copies);
    expect(small.flagged).toBe(10);
    expect(small.warning).toMatch(/Only 49 training images .*unreliable/);
    const enough: FeatureMatrix = { rows: 50, dim: 16, data: train.data.slice(0, 50 * 16) };
    expect(memorization(enough, copies).warning).toBeNull();
    expect(memorization(train, copies).warning).toBeNull();
  });
});
