import type * as TF from '@tensorflow/tfjs';
import type { Rng } from '../latent/prng';
import type { Tf } from './spec-forward';

/**
 * DiffAugment (Zhao et al., 2020): differentiable colour, translation and cutout applied to BOTH
 * real and generated images before the critic, so a small folder cannot be memorised by D while G
 * still gets gradients through the augmentation. Images are NHWC in [-1, 1], as in the paper's
 * reference code.
 *
 * Drawing and applying are separate: drawAugment() turns a seeded Rng into per-image parameters
 * for the whole batch (JS, so a step's augmentation depends only on (seed, step) and resumes
 * exactly), and applyAugment() applies any slice of them. A data-parallel step draws once for the
 * batch and hands each replica its samples' rows, so every image is augmented the same way
 * however the batch is split.
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
const CUTOUT_RATIO = 0.5;

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
const column = (p: Float32Array, n: number, col: number) =>
  Array.from({ length: n }, (_, i) => p[i * AUGMENT_PARAMS + col] ?? 0);

function perImage(tf: Tf, values: number[]): TF.Tensor4D {
  return tf.tensor4d(values, [values.length, 1, 1, 1]);
}

function color(tf: Tf, x: TF.Tensor4D, p: Float32Array): TF.Tensor4D {
  const n = x.shape[0];
  let y = tf.add(x, perImage(tf, column(p, n, 0)));
  const channelMean = tf.mean(y, 3, true);
  y = tf.add(tf.mul(tf.sub(y, channelMean), perImage(tf, column(p, n, 1))), channelMean);
  const imageMean = tf.mean(y, [1, 2, 3], true);
  return tf.add(tf.mul(tf.sub(y, imageMean), perImage(tf, column(p, n, 2))), imageMean);
}

/** Shifts each image by up to 1/8 of its size, filling with zeros (mid-grey in [-1, 1]). */
function translation(tf: Tf, x: TF.Tensor4D, p: Float32Array): TF.Tensor4D {
  const [n, h, w, c] = x.shape;
  const pad = translationPad(h);
  const padded = tf.pad(x, [
    [0, 0],
    [pad, pad],
    [pad, pad],
    [0, 0],
  ]);
  const parts: TF.Tensor4D[] = [];
  for (let i = 0; i < n; i++) {
    const dy = p[i * AUGMENT_PARAMS + 3] ?? 0;
    const dx = p[i * AUGMENT_PARAMS + 4] ?? 0;
    parts.push(tf.slice(padded, [i, pad + dy, pad + dx, 0], [1, h, w, c]));
  }
  return tf.concat(parts, 0);
}

/** Zeroes one square of half the image size per image, its centre anywhere in the image. */
function cutout(tf: Tf, x: TF.Tensor4D, p: Float32Array): TF.Tensor4D {
  const [n, h, w] = x.shape;
  const size = Math.round(h * CUTOUT_RATIO);
  const mask = new Float32Array(n * h * w).fill(1);
  for (let i = 0; i < n; i++) {
    const cy = p[i * AUGMENT_PARAMS + 5] ?? 0;
    const cx = p[i * AUGMENT_PARAMS + 6] ?? 0;
    for (let y = Math.max(0, cy - size / 2); y < Math.min(h, cy + size / 2); y++)
      for (let xx = Math.max(0, cx - size / 2); xx < Math.min(w, cx + size / 2); xx++)
        mask[(i * h + y) * w + xx] = 0;
  }
  return tf.mul(x, tf.tensor4d(mask, [n, h, w, 1]));
}

/** Applies parameters from drawAugment (one row per image of x). */
export function applyAugment(
  tf: Tf,
  x: TF.Tensor4D,
  params: Float32Array,
  policy: AugmentPolicy = FULL_POLICY,
): TF.Tensor4D {
  if (params.length !== x.shape[0] * AUGMENT_PARAMS)
    throw new Error(
      `Augmentation parameters for ${params.length / AUGMENT_PARAMS} images, but the batch has ${x.shape[0]}.`,
    );
  return tf.tidy(() => {
    let y = x;
    if (policy.color) y = color(tf, y, params);
    if (policy.translation) y = translation(tf, y, params);
    if (policy.cutout) y = cutout(tf, y, params);
    return y;
  });
}

export function diffAugment(
  tf: Tf,
  x: TF.Tensor4D,
  rng: Rng,
  policy: AugmentPolicy = FULL_POLICY,
): TF.Tensor4D {
  return applyAugment(tf, x, drawAugment(rng, x.shape[0], x.shape[1], policy), policy);
}
