import { StudioError } from '../../contract/channels';
import { createRng } from './prng';

/**
 * The truncation trick trades variety for fidelity by keeping z near the mean (0) of its prior.
 *
 * ψ (truncation) scales z toward 0: ψ = 1 is the plain normal, ψ = 0 is the mean latent, and
 * ψ > 1 (the contract allows up to 2) exaggerates. For seeds, ψ < 1 additionally applies the
 * BigGAN resampling: any draw with |x| > threshold is thrown away and replaced by the next draw of
 * the same seed's stream, so the result is still a pure function of (seed, dim, ψ, threshold).
 */
export const DEFAULT_TRUNCATION_THRESHOLD = 2;

/**
 * z for a seed with truncation. Component i takes the i-th ACCEPTED draw of the seed's
 * nextNormal() stream (see prng.ts), so with ψ < 1 later components shift whenever an earlier one
 * was resampled; with ψ >= 1 it equals sampleNormalLatent(seed, dim) * ψ exactly.
 */
export function sampleTruncatedLatent(
  seed: number,
  dim: number,
  truncation: number,
  threshold: number = DEFAULT_TRUNCATION_THRESHOLD,
): Float32Array {
  checkTruncation(truncation, threshold);
  const rng = createRng(seed);
  const resample = truncation < 1;
  const z = new Float32Array(dim);
  for (let i = 0; i < dim; i++) {
    let x = rng.nextNormal();
    // P(|x| > 2) ≈ 4.6%, so this ends almost at once; the threshold check above keeps it finite.
    while (resample && Math.abs(x) > threshold) x = rng.nextNormal();
    // Round to float32 first, so ψ = 1 is bit-identical to sampleNormalLatent.
    z[i] = Math.fround(x) * truncation;
  }
  return z;
}

/**
 * Truncation for an explicit z, which has no seed stream to resample from. With a threshold,
 * components beyond ±threshold are clamped to it before scaling (the closest deterministic stand-in
 * for resampling); without one this is plain scaling z * ψ. Returns a new array.
 */
export function truncateLatent(
  z: Float32Array,
  truncation: number,
  threshold?: number,
): Float32Array {
  checkTruncation(truncation, threshold ?? Infinity);
  const out = new Float32Array(z.length);
  const limit = threshold ?? Infinity;
  for (let i = 0; i < z.length; i++) {
    const x = z[i] ?? 0;
    const clamped = x > limit ? limit : x < -limit ? -limit : x;
    out[i] = clamped * truncation;
  }
  return out;
}

function checkTruncation(truncation: number, threshold: number): void {
  if (!Number.isFinite(truncation) || truncation < 0) {
    throw new StudioError(
      'BAD_REQUEST',
      `Truncation must be a number of 0 or more, not ${truncation}.`,
    );
  }
  // A tiny threshold would make resampling loop for a very long time; 0.1 still accepts ~8%.
  if (!(threshold >= 0.1)) {
    throw new StudioError(
      'BAD_REQUEST',
      `The truncation threshold must be at least 0.1, not ${threshold}.`,
    );
  }
}
