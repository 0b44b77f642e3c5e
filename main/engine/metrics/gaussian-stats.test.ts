import { describe, expect, it } from 'vitest';
import { GaussianAccumulator, gaussianStats } from './gaussian-stats';
import { loadFeatures, reference, relErr } from './test-fixtures';

describe('gaussianStats', () => {
  const real = loadFeatures('real_features.npy');

  it('matches numpy mean and cov(rowvar=False)', () => {
    const s = gaussianStats(real.data, real.dim);
    const ref = reference.stats_real;
    ref.mu.forEach((m, i) => expect(relErr(s.mu[i]!, m)).toBeLessThan(1e-12));
    ref.sigma_diag.forEach((v, i) => expect(relErr(s.sigma[i * 64 + i]!, v)).toBeLessThan(1e-12));
    expect(relErr(s.sigma[1]!, ref.sigma_01)).toBeLessThan(1e-10);
    expect(
      relErr(
        s.sigma.reduce((a, b) => a + b, 0),
        ref.sigma_sum,
      ),
    ).toBeLessThan(1e-10);
    expect(s.n).toBe(300);
    expect(s.sigma[1]).toBe(s.sigma[64]); // symmetric
  });

  it('gives the same result streamed in uneven chunks', () => {
    const acc = new GaussianAccumulator(real.dim);
    for (const [a, b] of [
      [0, 7],
      [7, 200],
      [200, 300],
    ] as const)
      acc.add(real.data.subarray(a * 64, b * 64));
    const streamed = acc.finish();
    const whole = gaussianStats(real.data, real.dim);
    for (let i = 0; i < whole.sigma.length; i++)
      expect(streamed.sigma[i]).toBeCloseTo(whole.sigma[i]!, 12);
  });

  it('keeps its digits when the mean dwarfs the spread', () => {
    const x = new Float64Array(1000).map((_, i) => 1e6 + ((i * 7919) % 13) / 13);
    const s = gaussianStats(x, 1);
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1);
    expect(relErr(s.sigma[0]!, variance)).toBeLessThan(1e-9);
  });
});
