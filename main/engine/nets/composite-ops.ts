import type { Ops } from '../autodiff/ops';

/**
 * Layers written as compositions of Ops, so every runtime gets them, and their derivatives, from
 * the primitives (the training-graph compiler differentiates them through its tape).
 */

/** x·σ(x) (a.k.a. swish). */
export function silu<T>(o: Ops<T>, x: T): T {
  return o.mul(x, o.sigmoid(x));
}

/** Group normalisation of NCHW x over (C/groups, H, W), then a per-channel affine map. */
export function groupNorm<T>(o: Ops<T>, x: T, gamma: T, beta: T, groups: number, eps: number): T {
  const [n, c, h, w] = o.shape(x) as [number, number, number, number];
  const grouped = o.reshape(x, [n, groups, (c / groups) * h * w]);
  const centred = o.sub(grouped, o.mean(grouped, [2], true));
  const variance = o.mean(o.square(centred), [2], true);
  const normed = o.div(centred, o.sqrt(o.add(variance, o.scalar(eps))));
  const per = [1, c, 1, 1];
  return o.add(o.mul(o.reshape(normed, [n, c, h, w]), o.reshape(gamma, per)), o.reshape(beta, per));
}

/** Layer normalisation over the last axis. */
export function layerNorm<T>(o: Ops<T>, x: T, gamma: T, beta: T, eps: number): T {
  const centred = o.sub(x, o.mean(x, [-1], true));
  const variance = o.mean(o.square(centred), [-1], true);
  return o.add(o.mul(o.div(centred, o.sqrt(o.add(variance, o.scalar(eps)))), gamma), beta);
}
