import type * as TF from '@tensorflow/tfjs';
import type { Rng } from '../latent/prng';
import {
  convStackForward,
  denseForward,
  initConvStack,
  initDense,
  stackFeatures,
  type ConvStackShape,
} from './conv-stack';
import { dcganGeneratorSpec } from './dcgan-spec';
import type { GeneratorSpec } from '../nets/generator-spec';
import type { NamedParams } from './named-params';
import type { Tf } from './spec-forward';

/**
 * VAE: a conv encoder (strided convs → mean, log-variance) and a decoder that IS a GeneratorSpec,
 * so a trained VAE decoder exports to ONNX exactly like a GAN generator. The decoder ends in a
 * sigmoid (range [0, 1]) because the reconstruction loss compares probabilities-like pixels.
 */
export type Reconstruction = 'mse' | 'bce';

export function vaeDecoderSpec(
  shape: ConvStackShape,
  latentDim: number,
  width: number,
): GeneratorSpec {
  const spec = dcganGeneratorSpec({ size: shape.size, channels: shape.channels, latentDim, width });
  const layers = spec.layers.map((l) => (l.kind === 'tanh' ? { kind: 'sigmoid' as const } : l));
  return { ...spec, layers, output: { ...spec.output, range: [0, 1] } };
}

/** Encoder parameters under "e.*": trunk, then dense heads "e.mean" and "e.logvar". */
export function initEncoder(
  tf: Tf,
  shape: ConvStackShape,
  latentDim: number,
  rng: Rng,
): NamedParams {
  const features = stackFeatures(shape);
  return {
    ...initConvStack(tf, 'e', shape, rng),
    ...initDense(tf, 'e', 'mean', features, latentDim, rng),
    ...initDense(tf, 'e', 'logvar', features, latentDim, rng),
  };
}

export function encoderForward(
  tf: Tf,
  params: NamedParams,
  shape: ConvStackShape,
  x: TF.Tensor4D,
): { mean: TF.Tensor2D; logvar: TF.Tensor2D } {
  const h = convStackForward(tf, 'e', params, shape, x);
  // Clipped so exp(logvar) cannot overflow early in training, when the heads are still random.
  return {
    mean: denseForward(tf, 'e', 'mean', params, h),
    logvar: tf.clipByValue(denseForward(tf, 'e', 'logvar', params, h), -10, 10),
  };
}

/**
 * Per-image sums, averaged over the batch: reconstruction of x (NHWC in [-1, 1], compared on
 * [0, 1]) plus β·KL(q(z|x) ‖ N(0, I)).
 */
export function vaeLoss(
  tf: Tf,
  x: TF.Tensor4D,
  recon: TF.Tensor4D,
  mean: TF.Tensor2D,
  logvar: TF.Tensor2D,
  beta: number,
  kind: Reconstruction,
): { total: TF.Scalar; recon: TF.Scalar; kl: TF.Scalar } {
  const target = tf.div(tf.add(x, 1), 2);
  let perPixel: TF.Tensor;
  if (kind === 'mse') perPixel = tf.squaredDifference(recon, target);
  else {
    const p = tf.clipByValue(recon, 1e-6, 1 - 1e-6);
    perPixel = tf.neg(
      tf.add(tf.mul(target, tf.log(p)), tf.mul(tf.sub(1, target), tf.log(tf.sub(1, p)))),
    );
  }
  const reconLoss = tf.mean<TF.Scalar>(tf.sum(perPixel, [1, 2, 3]));
  const kl = tf.mean<TF.Scalar>(
    tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, logvar), tf.square(mean)), tf.exp(logvar)), 1)),
  );
  return { total: tf.add(reconLoss, tf.mul(kl, beta)), recon: reconLoss, kl };
}

/** Maps images (NHWC floats in [-1, 1]) to their latent means: where each image sits in z. */
export function encode(
  tf: Tf,
  params: NamedParams,
  shape: ConvStackShape,
  images: Float32Array,
  count: number,
): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(images, [count, shape.size, shape.size, shape.channels]);
    return encoderForward(tf, params, shape, x).mean.dataSync() as Float32Array;
  });
}
