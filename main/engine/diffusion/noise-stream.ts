import { createRng, type Rng } from '../latent/prng';

/**
 * The per-step noise of DDPM and of DDIM with eta > 0, specified exactly so that a seed (or an
 * x_T stored in a PNG) gives the same image in every shell and in other tools:
 *
 * 1. Each image has its own stream, seeded by the FNV-1a 32-bit hash of its x_T: the C·H·W float32
 *    values in NCHW order, as little-endian bytes (h = 0x811C9DC5; for each byte b:
 *    h = ((h XOR b) * 0x01000193) mod 2^32). The stream is createRng(h) of latent/prng.ts.
 * 2. Every sampler step that adds noise (DDPM: t > 0; DDIM: every step when eta > 0) takes the
 *    next C·H·W nextNormal() values of that stream, each rounded to float32, in NCHW order.
 *    Steps without noise take none.
 *
 * So the image is a function of x_T and the sampler settings alone: the latent is the whole story,
 * for the stochastic samplers as for DDIM with eta = 0, and an image does not depend on which
 * other images shared its batch.
 */
export interface NoiseSource {
  /** Noise for the next noisy step: count * perImage values, image after image. */
  next(): Float32Array;
}

export function fnv1a32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  return h >>> 0;
}

/** The seed of an image's noise stream (step 1 above). */
export function noiseSeedOf(xT: Float32Array): number {
  const bytes = new Uint8Array(xT.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < xT.length; i++) view.setFloat32(i * 4, xT[i]!, true);
  return fnv1a32(bytes);
}

/** The documented streams for `count` images laid out back to back in `xT`. */
export function documentedNoise(xT: Float32Array, count: number): NoiseSource {
  const perImage = xT.length / count;
  const rngs: Rng[] = Array.from({ length: count }, (_, i) =>
    createRng(noiseSeedOf(xT.subarray(i * perImage, (i + 1) * perImage))),
  );
  return {
    next() {
      const out = new Float32Array(xT.length);
      rngs.forEach((rng, n) => {
        for (let i = 0; i < perImage; i++) out[n * perImage + i] = rng.nextNormal();
      });
      return out;
    },
  };
}

/** Noise given explicitly, one array per noisy step (tests and reference comparisons). */
export function suppliedNoise(steps: Float32Array[]): NoiseSource {
  let i = 0;
  return {
    next() {
      const step = steps[i++];
      if (!step) throw new Error(`supplied noise ran out after ${steps.length} steps`);
      return step;
    },
  };
}
