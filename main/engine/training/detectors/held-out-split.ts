import { createRng } from '../../latent/prng';
import { sampleIndices } from '../../metrics/kid';
import { hashSeed } from '../step-rng';

/** Share of a VAE's images kept out of training to measure over-fitting. */
export const HELD_OUT_SHARE = 0.05;
/** Below this many images nothing is held out: every image is needed for training. */
export const HELD_OUT_MIN_IMAGES = 20;
/** The held-out loss is measured on at most this many images (a fixed, seeded choice). */
export const HELD_OUT_MAX = 256;

/**
 * A deterministic split of `count` cached images by the run seed: round(5%) held out (none below
 * 20 images), the rest trained on, both in ascending order. Same seed and folder, same split —
 * so a resumed run trains on exactly the images it trained on before.
 */
export function heldOutSplit(
  count: number,
  seed: number,
): { train: Uint32Array; heldOut: Uint32Array } {
  const n = count < HELD_OUT_MIN_IMAGES ? 0 : Math.max(1, Math.round(count * HELD_OUT_SHARE));
  const picked = sampleIndices(createRng(hashSeed(seed, 0x4e1d0)), count, n);
  const isHeld = new Uint8Array(count);
  for (const i of picked) isHeld[i] = 1;
  const train: number[] = [];
  const heldOut: number[] = [];
  for (let i = 0; i < count; i++) (isHeld[i] ? heldOut : train).push(i);
  return { train: Uint32Array.from(train), heldOut: Uint32Array.from(heldOut) };
}

/** A fixed, seeded subset of at most `max` of the given indices (ascending). */
export function seededSubset(
  indices: ArrayLike<number>,
  max: number,
  seed: number,
  salt: number,
): Uint32Array {
  if (indices.length <= max) return Uint32Array.from(indices);
  const picked = sampleIndices(createRng(hashSeed(seed, salt)), indices.length, max);
  return Uint32Array.from(picked, (k) => indices[k]!).sort();
}
