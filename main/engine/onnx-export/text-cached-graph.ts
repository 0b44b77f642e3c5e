import type { Sym } from '../autodiff/graph';
import type { OnnxOps } from '../autodiff/onnx-ops';
import { tokenMatmul } from '../nets/layers/transformer';
import { layerDef } from '../nets/layers/registry';
import type { NetSpec } from '../nets/net-spec';

/**
 * The exported text model as one graph that serves both ways of generating (issue 11):
 *
 *   tokens                        int64 [N, S]           the new tokens, at positions P … P+S−1
 *   past_key_values.{l}.key|value float [N, H, P, hd]    the cache so far (P = 0: empty tensors)
 *   → logits                      float [N, S, V]
 *   → present.{l}.key|value       float [N, H, P+S, hd]  the cache to feed back next time
 *
 * (the standard past_key_values layout [batch, heads, past, headDim], Hugging Face's names).
 * Fed `tokens` [N, T] and empty caches it is the plain model: positions 0 … T−1 under the causal
 * mask (what the recompute path and the export check run; onnxruntime-node cannot leave an input
 * out, even one with a default, so the caches are ordinary inputs). Fed the
 * last token and the cache of the ones before, it computes one position: its projections and MLP,
 * and attention of its query over the cached keys and values. P + S must not exceed the context
 * (the position table has T rows).
 *
 * The same layer program as training (runNet): position-wise kinds (embedding, layer norm, dense,
 * GELU, residual slots) use their registered forward pass; only `positionEmbedding` (rows P … P+S−1
 * of the table) and `causalSelfAttention` (keys and values appended to the cache; a mask built from
 * P and S) are written here. Every shape-dependent op reads its sizes from the tensors at run time
 * (Shape, Range, Reshape with 0 = "copy"): the Syms' static shapes (N = S = P = 1) are bookkeeping.
 */
export const PAST = (layer: number, part: 'key' | 'value') => `past_key_values.${layer}.${part}`;
export const PRESENT = (layer: number, part: 'key' | 'value') => `present.${layer}.${part}`;

export interface CacheShape {
  layers: number;
  heads: number;
  headDim: number;
}

export function cacheShape(spec: NetSpec): CacheShape {
  const attention = spec.layers.filter((l) => l.kind === 'causalSelfAttention');
  const heads = attention[0]?.heads ?? 1;
  const width = spec.layers.find((l) => l.kind === 'embedding')?.dim ?? heads;
  return { layers: attention.length, heads, headDim: width / heads };
}

export function buildCachedTextGraph(
  o: OnnxOps,
  spec: NetSpec,
  param: (name: string) => Sym,
): void {
  if (spec.input.kind !== 'sequence') throw new Error('A text model reads a token sequence.');
  const { g } = o;
  const { features: vocab } = spec.input;
  const { layers, heads, headDim: hd } = cacheShape(spec);
  const tokens = g.input('tokens', [1, 1], 'int64', ['N', 'S']);
  const past = Array.from({ length: layers }, (_, l) =>
    (['key', 'value'] as const).map((part) =>
      g.input(PAST(l, part), [1, heads, 1, hd], 'float32', ['N', heads, 'P', hd]),
    ),
  );
  const int = (shape: readonly number[]) => ({ shape, dtype: 'int64' as const });
  const one = (op: string, inputs: (Sym | null)[], shape: readonly number[], attrs = {}) =>
    g.emit(op, inputs, [{ shape }], attrs)[0]!;
  const oneInt = (op: string, inputs: (Sym | null)[], shape: readonly number[], attrs = {}) =>
    g.emit(op, inputs, [int(shape)], attrs)[0]!;

  // Sizes read at run time: S (from tokens), P (from the first cache) and P + S.
  const dim = (x: Sym, axis: number) =>
    oneInt('Shape', [x], [1], { start: { i: axis }, end: { i: axis + 1 } });
  const s = dim(tokens, 1);
  const p = layers > 0 ? dim(past[0]![0]!, 2) : g.int64([0]);
  const total = oneInt('Add', [p, s], [1]);
  const scalar = (x: Sym) => oneInt('Squeeze', [x, g.int64([0])], []);
  // The causal mask [S, P+S]: query i (at position P + i) may read key j when j ≤ P + i.
  const queries = oneInt('Range', [scalar(p), scalar(total), scalar(g.int64([1]))], [1]);
  const keys = oneInt('Range', [scalar(g.int64([0])), scalar(total), scalar(g.int64([1]))], [2]);
  const later = g.emit(
    'Greater',
    [keys, oneInt('Unsqueeze', [queries, g.int64([1])], [1, 1])],
    [{ shape: [1, 2], dtype: 'bool' }],
  )[0]!;
  const mask = one('Where', [later, o.scalar(-1e9), o.scalar(0)], [1, 2]);

  const hot = g.emit(
    'OneHot',
    [tokens, g.int64([vocab]), g.constant(new Float32Array([0, 1]), [2])],
    [{ shape: [1, 1, vocab] }],
    { axis: { i: -1 } },
  )[0]!;
  const presents: Sym[] = [];
  let attention = 0;
  const slots = new Map<string, Sym>();
  let x = hot;
  spec.layers.forEach((layer, index) => {
    const p_ = (name: string) => param(`${index}.${name}`);
    if (layer.kind === 'positionEmbedding') {
      const rows = one('Slice', [p_('table'), p, total, g.int64([0])], [1, x.shape[2]!]);
      x = o.add(x, rows);
    } else if (layer.kind === 'causalSelfAttention') {
      const [pk, pv] = past[attention]!;
      const width = x.shape[2]!;
      const qkv = tokenMatmul(o, x, p_('qkvWeight'), p_('qkvBias'));
      const split = (part: number) =>
        o.transpose(
          one(
            'Reshape',
            [o.slice(qkv, 2, part * width, (part + 1) * width), g.int64([0, 0, heads, hd])],
            [1, 1, heads, hd],
          ),
          [0, 2, 1, 3],
        );
      const k = o.concat([pk!, split(1)], 2);
      const v = o.concat([pv!, split(2)], 2);
      presents.push(k, v);
      const scores = o.add(
        o.mul(o.matmul(split(0), o.transpose(k, [0, 1, 3, 2])), o.scalar(1 / Math.sqrt(hd))),
        mask,
      );
      const att = o.matmul(o.softmax(scores, -1), v);
      const merged = one(
        'Reshape',
        [o.transpose(att, [0, 2, 1, 3]), g.int64([0, 0, width])],
        [1, 1, width],
      );
      x = tokenMatmul(o, merged, p_('outWeight'), p_('outBias'));
      attention += 1;
    } else {
      x = layerDef(layer).apply(layer, x, p_, { o, index, mode: 'infer', slots });
    }
  });
  g.output('logits', x, { dims: ['N', 'S', vocab] });
  presents.forEach((value, i) =>
    g.output(PRESENT(i >> 1, i % 2 === 0 ? 'key' : 'value'), value, {
      dims: ['N', heads, 'P+S', hd],
    }),
  );
}
