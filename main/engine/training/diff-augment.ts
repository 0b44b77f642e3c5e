import type { Rng } from '../latent/prng';

/**
 * DiffAugment (Zhao et al., 2020): differentiable colour, translation and cutout applied to BOTH
 * real and generated images before the critic, so a small folder cannot be memorised by D while G
 * still gets gradients through the augmentation.
 *
 * Drawing and applying are separate: drawAugment() turns a seeded Rng into per-image parameters
 * for the whole batch (JS, so a step's augmentation depends only on (seed, step) and resumes
 * exactly); families/diff-augment-ops.ts applies them inside the training step.
 */
export interface AugmentPolicy {
  color: boolean;
  translation: boolean;
  cutout: boolean;
}
export const FULL_POLICY: AugmentPolicy = { color: true, translation: true, cutout: true };

/** Values per image: brightness, saturation, contrast, dy, dx, cutout centre y, x. */
export const AUGMENT_PARAMS = 7;
const TRANSLATION_RATIO = 0.125;
export const CUTOUT_RATIO = 0.5;

/** Per-image augmentation parameters [n × AUGMENT_PARAMS] for n images of `size` × `size`. */
export function drawAugment(
  rng: Rng,
  n: number,
  size: number,
  policy: AugmentPolicy = FULL_POLICY,
): Float32Array {
  const out = new Float32Array(n * AUGMENT_PARAMS);
  const put = (col: number, value: (i: number) => number) => {
    for (let i = 0; i < n; i++) out[i * AUGMENT_PARAMS + col] = value(i);
  };
  // Draw order: all brightness, all saturation, all contrast, then (dy, dx) per image, then
  // (cy, cx) per image.
  if (policy.color) {
    put(0, () => rng.nextFloat() - 0.5);
    put(1, () => rng.nextFloat() * 2);
    put(2, () => rng.nextFloat() + 0.5);
  }
  if (policy.translation) {
    const pad = translationPad(size);
    const shift = () => Math.floor(rng.nextFloat() * (2 * pad + 1)) - pad;
    for (let i = 0; i < n; i++) {
      out[i * AUGMENT_PARAMS + 3] = shift();
      out[i * AUGMENT_PARAMS + 4] = shift();
    }
  }
  if (policy.cutout)
    for (let i = 0; i < n; i++) {
      out[i * AUGMENT_PARAMS + 5] = Math.floor(rng.nextFloat() * size);
      out[i * AUGMENT_PARAMS + 6] = Math.floor(rng.nextFloat() * size);
    }
  return out;
}

const translationPad = (size: number) => Math.round(size * TRANSLATION_RATIO);
