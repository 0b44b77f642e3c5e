import { describe, expect, it } from 'vitest';
import { createRng } from '../latent/prng';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pickRows } from './features';
import {
  kernelInceptionDistance,
  kidSubsetRule,
  kidSubsetSize,
  sampleIndices,
  unbiasedMmd2,
} from './kid';
import { manifoldMetrics } from './precision-recall';
import { FIXTURES, loadFeatures, reference, relErr } from './test-fixtures';

const real = loadFeatures('real_features.npy');
const fake = loadFeatures('fake_features.npy');

describe('kernelInceptionDistance (vs numpy on the same PRNG subsets)', () => {
  it('matches with explicit subsets', () => {
    const r = kernelInceptionDistance(real, fake, { subsets: 10, subsetSize: 100, seed: 7 });
    expect(relErr(r.mean, reference.kid_small.mean)).toBeLessThan(1e-10);
    expect(relErr(r.std, reference.kid_small.std)).toBeLessThan(1e-8);
  });

  it('matches with the defaults (100 subsets of half the smaller set)', () => {
    const r = kernelInceptionDistance(real, fake);
    expect(r.subsetSize).toBe(125); // 250 fakes: not 250, which would make every fake subset the whole set
    expect(relErr(r.mean, kidRef.default_small.mean)).toBeLessThan(1e-10);
    expect(relErr(r.std, kidRef.default_small.std)).toBeLessThan(1e-8);
  });

  it('samples distinct indices', () => {
    const idx = sampleIndices(createRng(1), 50, 50);
    expect(new Set(idx).size).toBe(50);
  });
});

/** scripts/fixtures/make_kid_fixtures.py: numpy on the same PRNG subsets. */
interface KidCase {
  mean: number;
  std: number;
  subsets: number;
  subsetSize: number;
  seed: number;
}
const kidRef = JSON.parse(readFileSync(join(FIXTURES, 'kid-reference.json'), 'utf8')) as Record<
  'default_small' | 'equal_1000' | 'standard',
  KidCase
> & { full_1000: number };
const big = {
  real: loadFeatures('kid_real_2400x16.npy'),
  fake: loadFeatures('kid_fake_2000x16.npy'),
};
const first1000 = (m: typeof big.real) =>
  pickRows(
    m,
    Array.from({ length: 1000 }, (_, i) => i),
  );

describe('KID subset sizes: an error bar that means something', () => {
  it('keeps the standard 1000 per side when the smaller set has 2000 or more', () => {
    expect(kidSubsetSize(2400, 2000)).toBe(1000);
    expect(kidSubsetSize(50_000, 10_000)).toBe(1000);
    const c = kidRef.standard;
    const r = kernelInceptionDistance(big.real, big.fake, { subsets: c.subsets, seed: c.seed });
    expect(r.subsetSize).toBe(1000);
    expect(r.subsetRule).toMatch(/^standard subsets of 1000/);
    expect(relErr(r.mean, c.mean)).toBeLessThan(1e-10);
    expect(relErr(r.std, c.std)).toBeLessThan(1e-8);
  });

  it('takes half the smaller set below that, so two sets of 1000 get a real ± (was exactly 0)', () => {
    expect(kidSubsetSize(10_000, 1000)).toBe(500);
    expect(kidSubsetSize(1999, 5000)).toBe(999);
    expect(kidSubsetSize(3, 3)).toBe(2);
    const x = first1000(big.real);
    const y = first1000(big.fake);
    const c = kidRef.equal_1000;
    const r = kernelInceptionDistance(x, y, { subsets: c.subsets, seed: c.seed });
    expect(r.subsetSize).toBe(500);
    expect(r.subsetRule).toMatch(/half the smaller set \(500 of 1000\)/);
    expect(relErr(r.mean, c.mean)).toBeLessThan(1e-10);
    expect(relErr(r.std, c.std)).toBeLessThan(1e-8);
    expect(r.std).toBeGreaterThan(0.05 * r.mean);
    // The old default (subsets of 1000 of 1000) has no spread at all: the defect this rule removes.
    const whole = kernelInceptionDistance(x, y, { subsets: 3, subsetSize: 1000 });
    expect(whole.std).toBeLessThan(1e-12 * whole.mean);
    expect(whole.subsetRule).toMatch(/whole of both sets: no error bar/);
  });

  it('estimates the same quantity as the whole-set MMD² (unbiased at any subset size)', () => {
    const full = unbiasedMmd2(first1000(big.real), first1000(big.fake));
    expect(relErr(full, kidRef.full_1000)).toBeLessThan(1e-10);
    const c = kidRef.equal_1000;
    expect(Math.abs(c.mean - full)).toBeLessThan(c.std);
  });

  it('says when one side is used whole', () => {
    expect(kidSubsetRule(1000, 10_000, 1000)).toMatch(/whole generated set \(1000\)/);
    expect(kidSubsetRule(200, 5000, 300)).toMatch(/subsets of 200 per side/);
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
