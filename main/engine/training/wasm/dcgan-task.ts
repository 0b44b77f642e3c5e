import type * as TF from '@tensorflow/tfjs';
import type { GradTask, GradTaskFactory } from './grad-task';

/**
 * A small DCGAN-like step at 32×32, the workload for bench/train-cores.ts and the data-parallel
 * tests. Generator: dense → 4×4×c·8, three sub-pixel blocks (3×3 conv + depthToSpace), 3×3 conv to
 * RGB, tanh. Critic: 3×3 conv then three 4×4 stride-2 convs, dense to a logit. LeakyReLU, no batch
 * norm (so shard gradients sum exactly to the batch gradient; see grad-task.ts).
 * One step = the critic's gradient (real vs fake) and the generator's non-saturating gradient.
 */
export interface DcganConfig {
  latentDim?: number;
  /** Base channel width c; 16 gives ~0.7 M parameters. */
  width?: number;
}

export function dcganShapes(config: DcganConfig = {}) {
  const z = config.latentDim ?? 64;
  const c = config.width ?? 16;
  const gen: number[][] = [
    [z, 4 * 4 * c * 8],
    [3, 3, c * 8, c * 4 * 4],
    [3, 3, c * 4, c * 2 * 4],
    [3, 3, c * 2, c * 4],
    [3, 3, c, 3],
  ];
  const critic: number[][] = [
    [3, 3, 3, c],
    [4, 4, c, c * 2],
    [4, 4, c * 2, c * 4],
    [4, 4, c * 4, c * 8],
    [4 * 4 * c * 8, 1],
  ];
  return { z, c, gen, critic };
}

export const createDcganTask: GradTaskFactory = (tf: typeof TF, raw: unknown): GradTask => {
  const { z, c, gen, critic } = dcganShapes(raw ?? {});
  const act = (t: TF.Tensor4D) => tf.leakyRelu(t, 0.2);

  const generate = (p: TF.Tensor[], latents: TF.Tensor): TF.Tensor4D => {
    const n = latents.shape[0];
    let h = act(tf.matMul(latents as TF.Tensor2D, p[0] as TF.Tensor2D).reshape([n, 4, 4, c * 8]));
    for (let i = 1; i <= 3; i++)
      h = act(tf.depthToSpace(tf.conv2d(h, p[i] as TF.Tensor4D, 1, 'same'), 2));
    return tf.tanh(tf.conv2d(h, p[4] as TF.Tensor4D, 1, 'same'));
  };
  const logits = (p: TF.Tensor[], images: TF.Tensor4D): TF.Tensor => {
    let h = act(tf.conv2d(images, p[0] as TF.Tensor4D, 1, 'same'));
    for (let i = 1; i <= 3; i++) h = act(tf.conv2d(h, p[i] as TF.Tensor4D, 2, 'same'));
    return tf.matMul(h.reshape([images.shape[0], -1]), p[4] as TF.Tensor2D);
  };
  // Non-saturating GAN losses as per-sample means: softplus(-l) for "real", softplus(l) for "fake".
  const realLoss = (l: TF.Tensor) => tf.mean(tf.softplus(tf.neg(l)));
  const fakeLoss = (l: TF.Tensor) => tf.mean(tf.softplus(l));

  return {
    paramShapes: [...gen, ...critic],
    inputShapes: [[32, 32, 3], [z]],
    grads(params, [real, latents]) {
      const g = params.slice(0, gen.length);
      const d = params.slice(gen.length);
      const fake = generate(g, latents!);
      const criticLoss = (...dp: TF.Tensor[]) =>
        tf.add<TF.Scalar>(realLoss(logits(dp, real as TF.Tensor4D)), fakeLoss(logits(dp, fake)));
      const { value: dLoss, grads: dGrads } = tf.valueAndGrads(criticLoss)(d);
      const genLoss = (...gp: TF.Tensor[]) =>
        realLoss(logits(d, generate(gp, latents!))) as TF.Scalar;
      const { value: gLoss, grads: gGrads } = tf.valueAndGrads(genLoss)(g);
      return { loss: tf.add(dLoss, gLoss), grads: [...gGrads, ...dGrads] };
    },
  };
};
