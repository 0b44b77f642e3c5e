import type { Ops } from '../../autodiff/ops';
import { layerNorm as layerNormOp } from '../composite-ops';
import { layerError, type ActShape, type LayerDef } from './layer-def';

/**
 * Decoder-only transformer layers over sequences [T, D] (batch first at run time: [N, T, D]).
 *
 *   embedding            one-hot tokens [T, V] · W [V, D]: a matmul, so its derivative Wᵀ-side is
 *                        onehotᵀ · dY — the scatter-add of each token's gradient into its row
 *   positionEmbedding    + a learnt [T, D] table
 *   layerNorm            over the last axis (composite-ops.ts), γ and β [D]
 *   tokenDense           the same dense map at every position ([N·T, D] → Gemm)
 *   causalSelfAttention  multi-head; the causal mask is a constant (0 on and below the diagonal,
 *                        −1e9 above) added to the scores before the softmax, so no position reads
 *                        a later one and masked weights are exactly 0 after the softmax
 *   gelu                 the tanh approximation (PyTorch's gelu(approximate='tanh'), GPT-2's)
 */
export type EmbeddingLayer = { kind: 'embedding'; dim: number };
export type PositionEmbeddingLayer = { kind: 'positionEmbedding' };
export type LayerNormLayer = { kind: 'layerNorm'; epsilon: number };
export type TokenDenseLayer = { kind: 'tokenDense'; units: number; bias?: boolean };
export type CausalAttentionLayer = { kind: 'causalSelfAttention'; heads: number };
export type GeluLayer = { kind: 'gelu' };

function asSequence(index: number, kind: string, s: ActShape): [number, number] {
  if (s.length !== 2)
    throw layerError(index, kind, `needs a sequence [T, D], got [${s.join(', ')}]`);
  return s as [number, number];
}

/**
 * x [N, T, D] · w [D, U] (+ b) at every position. On ONNX one broadcasting MatMul (the graph stays
 * free of the batch size, so exports take any N); tfjs cannot differentiate a broadcast matmul,
 * so there it is one Gemm over [N·T, D]. Both are checked against PyTorch.
 */
export function tokenMatmul<T>(o: Ops<T>, x: T, w: T, b: T | null): T {
  if (o.runtime === 'onnx') {
    const y = o.matmul(x, w);
    return b ? o.add(y, b) : y;
  }
  const [n, t, d] = o.shape(x) as [number, number, number];
  const u = o.shape(w)[1]!;
  return o.reshape(o.dense(o.reshape(x, [n * t, d]), w, b), [n, t, u]);
}

export const embedding: LayerDef<EmbeddingLayer> = {
  shape(l, s, ctx) {
    const [t] = asSequence(ctx.index, l.kind, s);
    return [t, l.dim];
  },
  params: (l, s) => ({
    weight: { shape: [s[1]!, l.dim], init: 'weight', fans: [s[1]!, l.dim] },
  }),
  apply: (_l, x, p, { o }) => tokenMatmul(o, x, p('weight'), null),
};

export const positionEmbedding: LayerDef<PositionEmbeddingLayer> = {
  shape: (l, s, ctx) => (asSequence(ctx.index, l.kind, s), s),
  params: (_l, s) => ({
    table: { shape: [s[0]!, s[1]!], init: 'weight', fans: [s[0]!, s[1]!] },
  }),
  apply: (_l, x, p, { o }) => o.add(x, p('table')),
};

export const layerNorm: LayerDef<LayerNormLayer> = {
  shape: (l, s, ctx) => (asSequence(ctx.index, l.kind, s), s),
  params: (_l, s) => ({
    gamma: { shape: [s[1]!], init: 'one' },
    beta: { shape: [s[1]!], init: 'zero' },
  }),
  apply: (l, x, p, { o }) => layerNormOp(o, x, p('gamma'), p('beta'), l.epsilon),
};

export const tokenDense: LayerDef<TokenDenseLayer> = {
  shape(l, s, ctx) {
    const [t] = asSequence(ctx.index, l.kind, s);
    return [t, l.units];
  },
  params: (l, s) => ({
    weight: { shape: [s[1]!, l.units], init: 'weight', fans: [s[1]!, l.units] },
    ...(l.bias !== false && { bias: { shape: [l.units], init: 'zero' } }),
  }),
  apply: (l, x, p, { o }) => tokenMatmul(o, x, p('weight'), l.bias === false ? null : p('bias')),
};

/** 0 where key j ≤ query i, −1e9 above the diagonal. */
export function causalMask(t: number): Float32Array {
  const m = new Float32Array(t * t);
  for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) m[i * t + j] = -1e9;
  return m;
}

export const causalSelfAttention: LayerDef<CausalAttentionLayer> = {
  shape(l, s, ctx) {
    const [, d] = asSequence(ctx.index, l.kind, s);
    if (d % l.heads !== 0)
      throw layerError(ctx.index, l.kind, `${d} does not split into ${l.heads} heads`);
    return s;
  },
  params: (_l, s) => {
    const d = s[1]!;
    return {
      qkvWeight: { shape: [d, 3 * d], init: 'weight', fans: [d, 3 * d] },
      qkvBias: { shape: [3 * d], init: 'zero' },
      outWeight: { shape: [d, d], init: 'weight', fans: [d, d] },
      outBias: { shape: [d], init: 'zero' },
    };
  },
  apply(l, x, p, { o }) {
    const [n, t, d] = o.shape(x) as [number, number, number];
    const hd = d / l.heads;
    const qkv = tokenMatmul(o, x, p('qkvWeight'), p('qkvBias'));
    const heads = (part: number) =>
      o.transpose(
        o.reshape(o.slice(qkv, 2, part * d, (part + 1) * d), [n, t, l.heads, hd]),
        [0, 2, 1, 3],
      );
    const [q, k, v] = [heads(0), heads(1), heads(2)];
    const scores = o.add(
      o.mul(o.matmul(q, o.transpose(k, [0, 1, 3, 2])), o.scalar(1 / Math.sqrt(hd))),
      o.constant(causalMask(t), [t, t]),
    );
    const att = o.matmul(o.softmax(scores, -1), v);
    const merged = o.reshape(o.transpose(att, [0, 2, 1, 3]), [n, t, d]);
    return tokenMatmul(o, merged, p('outWeight'), p('outBias'));
  },
};

/** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export function geluTanh<T>(o: Ops<T>, x: T): T {
  const inner = o.mul(
    o.add(x, o.mul(o.mul(o.square(x), x), o.scalar(0.044715))),
    o.scalar(Math.sqrt(2 / Math.PI)),
  );
  return o.mul(o.mul(x, o.scalar(0.5)), o.add(o.scalar(1), o.tanh(inner)));
}

export const gelu: LayerDef<GeluLayer> = {
  shape: (_l, s) => s,
  apply: (_l, x, _p, { o }) => geluTanh(o, x),
};
