import { groupNorm } from '../composite-ops';
import { asImage, layerError, type LayerDef } from './layer-def';

/**
 * Batch norm: batch statistics in training (reported, so the running averages follow with
 * `momentum`, the weight of the new batch as in PyTorch, unbiased variance), running statistics
 * at inference. Group norm: statistics per sample and group, the same in training and inference.
 */
export type BatchNormLayer = { kind: 'batchnorm'; epsilon: number; momentum: number };
export type GroupNormLayer = { kind: 'groupnorm'; groups: number; epsilon: number };

export const batchnorm: LayerDef<BatchNormLayer> = {
  shape: (_l, s) => s,
  params: (_l, s) => ({
    gamma: { shape: [s[0]!], init: 'gamma' },
    beta: { shape: [s[0]!], init: 'zero' },
    runningMean: { shape: [s[0]!], init: 'zero', frozen: true },
    runningVar: { shape: [s[0]!], init: 'one', frozen: true },
  }),
  apply(l, x, p, ctx) {
    const { o } = ctx;
    if (ctx.mode === 'infer')
      return o.batchNormInference(
        x,
        p('gamma'),
        p('beta'),
        p('runningMean'),
        p('runningVar'),
        l.epsilon,
      );
    const { y, mean, variance } = o.batchNorm(x, p('gamma'), p('beta'), l.epsilon);
    ctx.onBatchStats?.(ctx.index, mean, variance);
    return y;
  },
};

export const groupnorm: LayerDef<GroupNormLayer> = {
  shape(l, s, ctx) {
    if (asImage(ctx.index, l.kind, s)[0] % l.groups !== 0)
      throw layerError(ctx.index, l.kind, `${s[0]} channels do not split into ${l.groups} groups`);
    return s;
  },
  params: (_l, s) => ({
    gamma: { shape: [s[0]!], init: 'one' },
    beta: { shape: [s[0]!], init: 'zero' },
  }),
  apply: (l, x, p, { o }) => groupNorm(o, x, p('gamma'), p('beta'), l.groups, l.epsilon),
};
