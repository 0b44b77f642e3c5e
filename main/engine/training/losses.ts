import type * as TF from '@tensorflow/tfjs';
import type { Tf } from './spec-forward';

export type GanLoss = 'nonsaturating' | 'hinge';

/** Critic loss from logits on real and generated images. */
export function discriminatorLoss(
  tf: Tf,
  kind: GanLoss,
  real: TF.Tensor,
  fake: TF.Tensor,
): TF.Scalar {
  if (kind === 'hinge')
    return tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake))));
  // -log σ(real) − log(1 − σ(fake)), written with softplus so large logits stay finite.
  return tf.add(tf.mean(tf.softplus(tf.neg(real))), tf.mean(tf.softplus(fake)));
}

/** Generator loss from the critic's logits on generated images. */
export function generatorLoss(tf: Tf, kind: GanLoss, fake: TF.Tensor): TF.Scalar {
  if (kind === 'hinge') return tf.neg(tf.mean(fake)) as TF.Scalar;
  return tf.mean(tf.softplus(tf.neg(fake)));
}
