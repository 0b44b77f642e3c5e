import { silu as siluOp } from '../composite-ops';
import type { LayerDef } from './layer-def';

export type ActivationLayer =
  | { kind: 'relu' }
  | { kind: 'leakyrelu'; alpha: number }
  | { kind: 'tanh' }
  | { kind: 'sigmoid' }
  | { kind: 'silu' };

const same = (_l: unknown, s: readonly number[]) => s;

export const relu: LayerDef<{ kind: 'relu' }> = {
  shape: same,
  apply: (_l, x, _p, { o }) => o.relu(x),
};
export const leakyrelu: LayerDef<{ kind: 'leakyrelu'; alpha: number }> = {
  shape: same,
  apply: (l, x, _p, { o }) => o.leakyRelu(x, l.alpha),
};
export const tanh: LayerDef<{ kind: 'tanh' }> = {
  shape: same,
  apply: (_l, x, _p, { o }) => o.tanh(x),
};
export const sigmoid: LayerDef<{ kind: 'sigmoid' }> = {
  shape: same,
  apply: (_l, x, _p, { o }) => o.sigmoid(x),
};
export const silu: LayerDef<{ kind: 'silu' }> = {
  shape: same,
  apply: (_l, x, _p, { o }) => siluOp(o, x),
};
