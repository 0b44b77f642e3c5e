import type * as TF from '@tensorflow/tfjs';
import type { Rng } from '../latent/prng';
import type { NamedParams } from './named-params';
import { glorotUniform, ownedVariable, uniquePrefix, type Tf } from './spec-forward';

/**
 * The downsampling trunk shared by the GAN discriminator and the VAE encoder: 4×4 stride-2 convs
 * with leaky relu, halving the image until it is 4×4, then flattened. No batch norm: a critic with
 * batch statistics couples the samples of a batch, which the GAN losses do not expect.
 */
export interface ConvStackShape {
  size: 32 | 64;
  channels: 1 | 3;
  /** Filters of the first conv; doubled at each halving, capped at 8× width. */
  width: number;
}

export function stackWidths(shape: ConvStackShape): number[] {
  const widths: number[] = [];
  for (
    let res = shape.size / 2, w = shape.width;
    res >= 4;
    res /= 2, w = Math.min(w * 2, shape.width * 8)
  )
    widths.push(w);
  return widths;
}

/** Features out of the trunk: 4 × 4 × last width. */
export function stackFeatures(shape: ConvStackShape): number {
  const widths = stackWidths(shape);
  return 16 * (widths[widths.length - 1] ?? 0);
}

export function makeVariable(
  tf: Tf,
  prefix: string,
  data: Float32Array,
  shape: number[],
  name: string,
): TF.Variable {
  return ownedVariable(tf, data, shape, true, `${prefix}_${name.replace(/\./g, '_')}`);
}

/** Variables of the trunk under `<stem>.convN.kernel|bias`. */
export function initConvStack(tf: Tf, stem: string, shape: ConvStackShape, rng: Rng): NamedParams {
  const prefix = uniquePrefix(stem);
  const out: NamedParams = {};
  let inC: number = shape.channels;
  stackWidths(shape).forEach((w, i) => {
    const kernel = glorotUniform(rng, 16 * inC * w, 16 * inC, 16 * w);
    out[`${stem}.conv${i}.kernel`] = makeVariable(
      tf,
      prefix,
      kernel,
      [4, 4, inC, w],
      `conv${i}.kernel`,
    );
    out[`${stem}.conv${i}.bias`] = makeVariable(
      tf,
      prefix,
      new Float32Array(w),
      [w],
      `conv${i}.bias`,
    );
    inC = w;
  });
  return out;
}

/** Dense head `<stem>.<head>.kernel|bias`: [inFeatures, units]. */
export function initDense(
  tf: Tf,
  stem: string,
  head: string,
  inFeatures: number,
  units: number,
  rng: Rng,
): NamedParams {
  const prefix = uniquePrefix(`${stem}${head}`);
  return {
    [`${stem}.${head}.kernel`]: makeVariable(
      tf,
      prefix,
      glorotUniform(rng, inFeatures * units, inFeatures, units),
      [inFeatures, units],
      'kernel',
    ),
    [`${stem}.${head}.bias`]: makeVariable(tf, prefix, new Float32Array(units), [units], 'bias'),
  };
}

function param(params: NamedParams, name: string): TF.Variable {
  const p = params[name];
  if (!p) throw new Error(`Missing parameter ${name}.`);
  return p;
}

/** NHWC images → [N, features]. */
export function convStackForward(
  tf: Tf,
  stem: string,
  params: NamedParams,
  shape: ConvStackShape,
  x: TF.Tensor4D,
): TF.Tensor2D {
  let h: TF.Tensor4D = x;
  stackWidths(shape).forEach((_w, i) => {
    const conv = tf.conv2d(h, param(params, `${stem}.conv${i}.kernel`) as TF.Tensor4D, 2, 'same');
    h = tf.leakyRelu(tf.add(conv, param(params, `${stem}.conv${i}.bias`)), 0.2) as TF.Tensor4D;
  });
  return tf.reshape(h, [h.shape[0], -1]);
}

export function denseForward(
  tf: Tf,
  stem: string,
  head: string,
  params: NamedParams,
  x: TF.Tensor2D,
): TF.Tensor2D {
  return tf.add(
    tf.matMul(x, param(params, `${stem}.${head}.kernel`) as TF.Tensor2D),
    param(params, `${stem}.${head}.bias`),
  );
}
