import { describe, expect, it } from 'vitest';
import { createRng } from '../latent/prng';
import { kernelInceptionDistance, sampleIndices } from './kid';
import { manifoldMetrics } from './precision-recall';
import { loadFeatures, reference, relErr } from './test-fixtures';

const real = loadFeatures('real_features.npy');
const fake = loadFeatures('fake_features.npy');

describe('kernelInceptionDistance (vs numpy on the same PRNG subsets)', () => {
  it('matches with explicit subsets', () => {
    const r = kernelInceptionDistance(real, fake, { subsets: 10, subsetSize: 100, seed: 7 });
    expect(relErr(r.mean, reference.kid_small.mean)).toBeLessThan(1e-10);
    expect(relErr(r.std, reference.kid_small.std)).toBeLessThan(1e-8);
  });

  it('matches with the defaults (100 subsets of min(1000, n))', () => {
    const r = kernelInceptionDistance(real, fake);
    expect(r.subsetSize).toBe(250);
    expect(relErr(r.mean, reference.kid_default.mean)).toBeLessThan(1e-10);
    expect(relErr(r.std, reference.kid_default.std)).toBeLessThan(1e-8);
  });

  it('samples distinct indices', () => {
    const idx = sampleIndices(createRng(1), 50, 50);
    expect(new Set(idx).size).toBe(50);
  });
});

describe('manifoldMetrics (vs the prdc formulas)', () => {
  it('matches precision/recall/density/coverage at k = 3 and k = 5', () => {
    for (const [k, ref] of [
      [3, reference.prdc_k3],
      [5, reference.prdc_k5],
    ] as const) {
      const r = manifoldMetrics(real, fake, { kPrecisionRecall: k, kDensityCoverage: k });
      expect(r.precision).toBeCloseTo(ref.precision, 12);
      expect(r.recall).toBeCloseTo(ref.recall, 12);
      expect(r.density).toBeCloseTo(ref.density, 12);
      expect(r.coverage).toBeCloseTo(ref.coverage, 12);
    }
  });

  it('defaults to k = 3 for precision/recall and k = 5 for density/coverage', () => {
    const r = manifoldMetrics(real, fake);
    expect(r.precision).toBeCloseTo(reference.prdc_k3.precision, 12);
    expect(r.coverage).toBeCloseTo(reference.prdc_k5.coverage, 12);
  });
});
