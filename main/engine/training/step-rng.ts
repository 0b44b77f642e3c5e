import { createRng, type Rng } from '../latent/prng';

/**
 * Randomness of a training run without hidden state. prng.ts has no state getter/setter, so each
 * step derives fresh generators from (seed, step, stream) through a hash; resuming at step k needs
 * only k, and a resumed run draws exactly what an uninterrupted one would.
 *
 * hash: the three words are folded with the murmur3 finaliser (a bijection on uint32), so nearby
 * steps and streams give unrelated seeds for createRng's own splitmix32 seeding.
 */
export type Stream =
  | 'z-d'
  | 'z-g'
  | 'augment-real'
  | 'augment-fake'
  | 'augment-g'
  | 'vae-eps'
  | 'init'
  | 'shuffle'
  | 'diffusion-t'
  | 'diffusion-noise';

const STREAM_IDS: Record<Stream, number> = {
  'z-d': 1,
  'z-g': 2,
  'augment-real': 3,
  'augment-fake': 4,
  'vae-eps': 5,
  init: 6,
  shuffle: 7,
  'augment-g': 8,
  'diffusion-t': 9,
  'diffusion-noise': 10,
};

function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function hashSeed(...words: number[]): number {
  let h = 0x2545f491;
  for (const w of words) h = fmix32((h ^ fmix32(w >>> 0)) + 0x9e3779b9);
  return h >>> 0;
}

/** The generator for one purpose at one step of the run seeded `seed`. */
export function stepRng(seed: number, step: number, stream: Stream): Rng {
  return createRng(hashSeed(seed, step, STREAM_IDS[stream]));
}

/** `count` standard normals (float32) from an Rng. */
export function normals(rng: Rng, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = rng.nextNormal();
  return out;
}
