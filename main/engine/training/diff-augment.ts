import type * as TF from '@tensorflow/tfjs';
import type { Rng } from '../latent/prng';
import type { Tf } from './spec-forward';

/**
 * DiffAugment (Zhao et al., 2020): differentiable colour, translation and cutout applied to BOTH
 * real and generated images before the critic, so a small folder cannot be memorised by D while G
 * still gets gradients through the augmentation. Parameters per image come from a seeded Rng drawn
 * in JS, so a step's augmentation depends only on (seed, step) and resumes exactly.
 * Images are NHWC in [-1, 1], as in the paper's reference code.
 */
export interface AugmentPolicy {
  color: boolean;
  translation: boolean;
  cutout: boolean;
}
export const FULL_POLICY: AugmentPolicy = { color: true, translation: true, cutout: true };

const TRANSLATION_RATIO = 0.125;
const CUTOUT_RATIO = 0.5;

function perImage(tf: Tf, values: number[]): TF.Tensor4D {
  return tf.tensor4d(values, [values.length, 1, 1, 1]);
}

function color(tf: Tf, x: TF.Tensor4D, rng: Rng): TF.Tensor4D {
  const n = x.shape[0];
  const draw = () => Array.from({ length: n }, () => rng.nextFloat());
  const brightness = perImage(
    tf,
    draw().map((u) => u - 0.5),
  );
  const saturation = perImage(
    tf,
    draw().map((u) => u * 2),
  );
  const contrast = perImage(
    tf,
    draw().map((u) => u + 0.5),
  );
  let y = tf.add(x, brightness);
  const channelMean = tf.mean(y, 3, true);
  y = tf.add(tf.mul(tf.sub(y, channelMean), saturation), channelMean);
  const imageMean = tf.mean(y, [1, 2, 3], true);
  return tf.add(tf.mul(tf.sub(y, imageMean), contrast), imageMean);
}

/** Shifts each image by up to 1/8 of its size, filling with zeros (mid-grey in [-1, 1]). */
function translation(tf: Tf, x: TF.Tensor4D, rng: Rng): TF.Tensor4D {
  const [n, h, w, c] = x.shape;
  const pad = Math.round(h * TRANSLATION_RATIO);
  const padded = tf.pad(x, [
    [0, 0],
    [pad, pad],
    [pad, pad],
    [0, 0],
  ]);
  const shift = () => Math.floor(rng.nextFloat() * (2 * pad + 1)) - pad;
  const parts: TF.Tensor4D[] = [];
  for (let i = 0; i < n; i++) {
    const dy = shift();
    const dx = shift();
    parts.push(tf.slice(padded, [i, pad + dy, pad + dx, 0], [1, h, w, c]));
  }
  return tf.concat(parts, 0);
}

/** Zeroes one square of half the image size per image, its centre anywhere in the image. */
function cutout(tf: Tf, x: TF.Tensor4D, rng: Rng): TF.Tensor4D {
  const [n, h, w] = x.shape;
  const size = Math.round(h * CUTOUT_RATIO);
  const mask = new Float32Array(n * h * w).fill(1);
  for (let i = 0; i < n; i++) {
    const cy = Math.floor(rng.nextFloat() * h);
    const cx = Math.floor(rng.nextFloat() * w);
    for (let y = Math.max(0, cy - size / 2); y < Math.min(h, cy + size / 2); y++)
      for (let xx = Math.max(0, cx - size / 2); xx < Math.min(w, cx + size / 2); xx++)
        mask[(i * h + y) * w + xx] = 0;
  }
  return tf.mul(x, tf.tensor4d(mask, [n, h, w, 1]));
}

export function diffAugment(
  tf: Tf,
  x: TF.Tensor4D,
  rng: Rng,
  policy: AugmentPolicy = FULL_POLICY,
): TF.Tensor4D {
  return tf.tidy(() => {
    let y = x;
    if (policy.color) y = color(tf, y, rng);
    if (policy.translation) y = translation(tf, y, rng);
    if (policy.cutout) y = cutout(tf, y, rng);
    return y;
  });
}
