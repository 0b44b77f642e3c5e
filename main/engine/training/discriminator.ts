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
import type { NamedParams } from './named-params';
import type { Tf } from './spec-forward';

/** GAN critic: strided convs + leaky relu → one logit per image. Parameters under "d.*". */
export function initDiscriminator(tf: Tf, shape: ConvStackShape, rng: Rng): NamedParams {
  return {
    ...initConvStack(tf, 'd', shape, rng),
    ...initDense(tf, 'd', 'out', stackFeatures(shape), 1, rng),
  };
}

export function discriminatorForward(
  tf: Tf,
  params: NamedParams,
  shape: ConvStackShape,
  x: TF.Tensor4D,
): TF.Tensor1D {
  return tf.tidy(() =>
    tf.reshape(
      denseForward(tf, 'd', 'out', params, convStackForward(tf, 'd', params, shape, x)),
      [-1],
    ),
  );
}
