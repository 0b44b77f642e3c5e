import type { Ops } from '../../autodiff/ops';

/**
 * Adam (Kingma & Ba) written with Ops, so it runs inside the compiled training graph (one
 * onnxruntime call per step updates every weight) and eagerly on tfjs alike:
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  p ← p − lr · (m / c1) / (√(v / c2) + ε)
 * with the bias corrections c1 = 1 − β1^t, c2 = 1 − β2^t fed per step (t is the optimiser's own
 * step count, saved in checkpoints). The state names are "adam.<role>.m.<param>" and ".v.".
 */
export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export function adamStep<T>(
  o: Ops<T>,
  s: AdamSettings,
  param: T,
  grad: T,
  m: T,
  v: T,
  c1: T,
  c2: T,
): { param: T; m: T; v: T } {
  const m2 = o.add(o.mul(m, o.scalar(s.beta1)), o.mul(grad, o.scalar(1 - s.beta1)));
  const v2 = o.add(o.mul(v, o.scalar(s.beta2)), o.mul(o.square(grad), o.scalar(1 - s.beta2)));
  const step = o.div(o.div(m2, c1), o.add(o.sqrt(o.div(v2, c2)), o.scalar(s.epsilon)));
  return { param: o.sub(param, o.mul(step, o.scalar(s.learningRate))), m: m2, v: v2 };
}

/** Bias corrections for the optimiser's t-th update (t from 1), as float32 scalars. */
export function adamCorrections(s: AdamSettings, t: number): { c1: number; c2: number } {
  return { c1: 1 - Math.pow(s.beta1, t), c2: 1 - Math.pow(s.beta2, t) };
}

/** Applies Adam to every named parameter of a group, writing new values into `out`. */
export function adamGroup<T>(
  o: Ops<T>,
  s: AdamSettings,
  role: string,
  params: Record<string, T>,
  grads: Record<string, T>,
  state: Record<string, T>,
  c1: T,
  c2: T,
  out: Record<string, T>,
): void {
  for (const [name, p] of Object.entries(params)) {
    const g = grads[name];
    const m = state[`adam.${role}.m.${name}`];
    const v = state[`adam.${role}.v.${name}`];
    if (!g || !m || !v) throw new Error(`Adam (${role}) has no gradient or moments for ${name}.`);
    const next = adamStep(o, s, p, g, m, v, c1, c2);
    out[name] = next.param;
    out[`adam.${role}.m.${name}`] = next.m;
    out[`adam.${role}.v.${name}`] = next.v;
  }
}
