import { describe, expect, it } from 'vitest';
import { sampleNormalLatent } from './prng';
import { sampleTruncatedLatent, truncateLatent } from './truncation';

describe('sampleTruncatedLatent', () => {
  it('ψ = 1 is exactly the plain normal latent', () => {
    expect(sampleTruncatedLatent(42, 256, 1)).toEqual(sampleNormalLatent(42, 256));
  });

  it('ψ < 1 keeps every component within ψ·threshold and is deterministic', () => {
    const z = sampleTruncatedLatent(42, 2000, 0.5);
    expect(Math.max(...z.map(Math.abs))).toBeLessThanOrEqual(0.5 * 2 + 1e-6);
    expect(z).toEqual(sampleTruncatedLatent(42, 2000, 0.5));
  });

  it('ψ < 1 resamples only the draws beyond the threshold, in stream order', () => {
    const plain = sampleNormalLatent(3, 20_000);
    const accepted = plain.filter((x) => Math.abs(x) <= 1.5).subarray(0, 1000);
    const z = sampleTruncatedLatent(3, 1000, 0.7, 1.5);
    expect(z).toEqual(accepted.map((x) => x * 0.7));
  });

  it('ψ = 0 gives the mean latent (all zeros) and ψ > 1 scales without resampling', () => {
    expect(sampleTruncatedLatent(1, 64, 0).every((x) => x === 0)).toBe(true);
    expect(sampleTruncatedLatent(1, 64, 1.5)).toEqual(
      sampleNormalLatent(1, 64).map((x) => x * 1.5),
    );
  });

  it('refuses a negative truncation or an unusably small threshold', () => {
    expect(() => sampleTruncatedLatent(1, 4, -0.1)).toThrow(/Truncation/);
    expect(() => sampleTruncatedLatent(1, 4, 0.5, 0)).toThrow(/threshold/);
  });
});

describe('truncateLatent', () => {
  it('scales toward 0 and returns a new array', () => {
    const z = Float32Array.of(1, -2, 3);
    const out = truncateLatent(z, 0.5);
    expect(Array.from(out)).toEqual([0.5, -1, 1.5]);
    expect(Array.from(z)).toEqual([1, -2, 3]);
  });

  it('with a threshold clamps outliers before scaling (there is no seed to resample from)', () => {
    expect(Array.from(truncateLatent(Float32Array.of(3, -5, 1), 0.5, 2))).toEqual([1, -1, 0.5]);
  });
});
