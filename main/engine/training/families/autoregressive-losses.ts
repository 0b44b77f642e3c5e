import type { Ops } from '../../autodiff/ops';

/**
 * The autoregressive families' negative log-likelihoods, in nats per predicted element (divide by
 * ln 2 for bits). Targets arrive one-hot from the batch (drawn in JS), so the loss is a product
 * and a sum — no gather — and its derivative flows through the log-softmax alone.
 */

/**
 * PixelCNN: logits [N, C·L, H, W] (channel c·L + k is colour c, level k), one-hot targets
 * [N, C, L, H, W]. Mean over every sub-pixel of −log p(target); bits/dim = this / ln 2.
 */
export function pixelNll<T>(o: Ops<T>, logits: T, onehot: T): T {
  const [n, cl, h, w] = o.shape(logits) as [number, number, number, number];
  const c = o.shape(onehot)[1]!;
  const logp = o.logSoftmax(o.reshape(logits, [n, c, cl / c, h, w]), 2);
  return o.neg(o.mean(o.sum(o.mul(logp, onehot), [2]), [0, 1, 2, 3]));
}

/** Text: logits [N, T, V], one-hot next tokens [N, T, V]: mean cross-entropy per token. */
export function tokenCrossEntropy<T>(o: Ops<T>, logits: T, onehot: T): T {
  const logp = o.logSoftmax(logits, -1);
  return o.neg(o.mean(o.sum(o.mul(logp, onehot), [2]), [0, 1]));
}

/** One-hot of integer classes (as float32), class axis inserted at `axis` of the index grid. */
export function oneHot(
  classes: ArrayLike<number>,
  count: number,
  outer: number,
  inner: number,
): Float32Array {
  // classes laid out [outer, inner]; result [outer, count, inner].
  const out = new Float32Array(outer * count * inner);
  for (let a = 0; a < outer; a++)
    for (let i = 0; i < inner; i++) out[(a * count + classes[a * inner + i]!) * inner + i] = 1;
  return out;
}
