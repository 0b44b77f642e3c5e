import type { Ops } from '../../autodiff/ops';
import { groupNorm, silu } from '../composite-ops';
import { asImage, layerError, type ActShape, type LayerDef, type ParamSpec } from './layer-def';

/**
 * The building blocks of a diffusion U-Net, as diffusers' UNet2DModel has them (so a trained
 * denoiser means what a diffusers user expects), written with Ops so every runtime and the
 * exporter run the same code:
 *
 * - `timestepEmbedding`: [1] → [dim], diffusers' `get_timestep_embedding` with
 *   flip_sin_to_cos = True and downscale_freq_shift = 0: f_i = exp(−ln(10000)·i/half),
 *   [cos(t·f), sin(t·f)]. No parameters (the MLP after it is ordinary dense layers).
 * - `resBlock`: ResnetBlock2D. h = conv1(silu(gn1(x))) + dense(silu(temb)) per channel;
 *   h = conv2(silu(gn2(h))); out = skip(x) + h (skip a 1×1 conv when the width changes). conv2
 *   starts at zero (as DDPM's zero_module), so each block starts as the identity.
 * - `attention`: self-attention over the pixels (group norm, q/k/v/out projections as 1×1
 *   convolutions, `heads` heads, softmax(q·kᵀ/√d)), added to the input; the output projection
 *   starts at zero.
 * - `upsample`: nearest-neighbour ×factor, a multiply by ones (batch-size free, as minibatchStd
 *   tiles), whose derivative sums each block back.
 */
export type TimestepEmbeddingLayer = { kind: 'timestepEmbedding'; dim: number };
export type ResBlockLayer = {
  kind: 'resBlock';
  filters: number;
  groups: number;
  /** The slot holding the timestep embedding [N, D]. */
  temb: string;
  epsilon?: number;
};
export type AttentionLayer = { kind: 'attention'; groups: number; heads: number; epsilon?: number };
export type UpsampleLayer = { kind: 'upsample'; factor: number };

const EPS = 1e-5;

export function timestepEmbeddingOp<T>(o: Ops<T>, t: T, dim: number): T {
  const half = Math.floor(dim / 2);
  const freqs = new Float32Array(half);
  for (let i = 0; i < half; i++) freqs[i] = Math.exp((-Math.log(10000) * i) / half);
  const args = o.mul(t, o.constant(freqs, [1, half]));
  return o.concat([o.cos(args), o.sin(args)], 1);
}

export const timestepEmbedding: LayerDef<TimestepEmbeddingLayer> = {
  shape(l, s, ctx) {
    if (s.length !== 1 || s[0] !== 1)
      throw layerError(
        ctx.index,
        l.kind,
        `needs one timestep per sample ([1]), got [${s.join(', ')}]`,
      );
    if (l.dim < 2 || l.dim % 2 !== 0)
      throw layerError(ctx.index, l.kind, `dim must be even, not ${l.dim}`);
    return [l.dim];
  },
  apply: (l, x, _p, { o }) => timestepEmbeddingOp(o, x, l.dim),
};

function checkGroups(index: number, kind: string, channels: number, groups: number): void {
  if (channels % groups !== 0)
    throw layerError(index, kind, `${channels} channels do not split into ${groups} groups`);
}

const conv = (cout: number, cin: number, k: number, init: ParamSpec['init'] = 'weight') => ({
  weight: {
    shape: [cout, cin, k, k],
    init,
    fans: [cin * k * k, cout * k * k] as [number, number],
  },
  bias: { shape: [cout], init: 'zero' as const },
});
const norm = (c: number) => ({
  gamma: { shape: [c], init: 'one' as const },
  beta: { shape: [c], init: 'zero' as const },
});

function flatParams(groups: Record<string, Record<string, ParamSpec>>): Record<string, ParamSpec> {
  const out: Record<string, ParamSpec> = {};
  for (const [g, params] of Object.entries(groups))
    for (const [k, v] of Object.entries(params)) out[`${g}.${k}`] = v;
  return out;
}

function tembShape(l: ResBlockLayer, index: number, slots: Map<string, ActShape>): number {
  const s = slots.get(l.temb);
  if (!s)
    throw layerError(index, l.kind, `no timestep embedding named "${l.temb}" (save it first)`);
  if (s.length !== 1) throw layerError(index, l.kind, `the embedding "${l.temb}" is not a vector`);
  return s[0]!;
}

const same = { strides: [1, 1] as const, pads: [1, 1, 1, 1] as const };
const pointwise = { strides: [1, 1] as const, pads: [0, 0, 0, 0] as const };

export const resBlock: LayerDef<ResBlockLayer> = {
  shape(l, s, ctx) {
    const [c, h, w] = asImage(ctx.index, l.kind, s);
    checkGroups(ctx.index, l.kind, c, l.groups);
    checkGroups(ctx.index, l.kind, l.filters, l.groups);
    tembShape(l, ctx.index, ctx.slots);
    return [l.filters, h, w];
  },
  params(l, s, ctx) {
    const cin = s[0]!;
    const d = tembShape(l, ctx.index, ctx.slots);
    return flatParams({
      norm1: norm(cin),
      conv1: conv(l.filters, cin, 3),
      temb: {
        weight: { shape: [d, l.filters], init: 'weight', fans: [d, l.filters] },
        bias: { shape: [l.filters], init: 'zero' },
      },
      norm2: norm(l.filters),
      conv2: conv(l.filters, l.filters, 3, 'zero'),
      ...(cin !== l.filters && { skip: conv(l.filters, cin, 1) }),
    });
  },
  apply(l, x, p, { o, slots }) {
    const eps = l.epsilon ?? EPS;
    const cin = o.shape(x)[1]!;
    const temb = slots.get(l.temb);
    if (temb === undefined) throw new Error(`resBlock: no value named ${l.temb}.`);
    let h = silu(o, groupNorm(o, x, p('norm1.gamma'), p('norm1.beta'), l.groups, eps));
    h = o.conv2d(h, p('conv1.weight'), p('conv1.bias'), same);
    const t = o.dense(silu(o, temb), p('temb.weight'), p('temb.bias'));
    h = o.add(h, o.reshape(t, [o.shape(t)[0]!, l.filters, 1, 1]));
    h = silu(o, groupNorm(o, h, p('norm2.gamma'), p('norm2.beta'), l.groups, eps));
    h = o.conv2d(h, p('conv2.weight'), p('conv2.bias'), same);
    const skip = cin === l.filters ? x : o.conv2d(x, p('skip.weight'), p('skip.bias'), pointwise);
    return o.add(skip, h);
  },
};

/** A 1×1 convolution's parameters: a per-pixel linear map [C_out, C_in, 1, 1]. */
const pointwiseParams = (c: number, init: ParamSpec['init'], bias = true) => ({
  weight: { shape: [c, c, 1, 1], init, fans: [c, c] as [number, number] },
  ...(bias && { bias: { shape: [c], init: 'zero' as const } }),
});

/**
 * Multi-head self-attention over the pixels of NCHW x, with the residual added. The projections
 * are 1×1 convolutions (a linear map per pixel, batch-size free in an exported graph). The key
 * has no bias: it would add the same number to every score of a row, which softmax ignores.
 */
export function attentionOp<T>(
  o: Ops<T>,
  x: T,
  p: (name: string) => T,
  groups: number,
  heads: number,
  eps: number,
): T {
  const [n, c, h, w] = o.shape(x) as [number, number, number, number];
  const hw = h * w;
  const d = c / heads;
  const normed = groupNorm(o, x, p('norm.gamma'), p('norm.beta'), groups, eps);
  const project = (name: string, v: T, bias = true) =>
    o.conv2d(v, p(`${name}.weight`), bias ? p(`${name}.bias`) : null, pointwise);
  // [N, C, H, W] → [N, heads, d, HW]
  const split = (v: T) => o.reshape(v, [n, heads, d, hw]);
  const q = split(project('q', normed));
  const k = split(project('k', normed, false));
  const v = split(project('v', normed));
  // scores[i, j] = q_i · k_j / √d over [N, heads, HW, HW]; softmax over the keys j.
  const scores = o.mul(o.matmul(o.transpose(q, [0, 1, 3, 2]), k), o.scalar(1 / Math.sqrt(d)));
  const weights = o.softmax(scores, -1);
  // out[:, i] = Σ_j weights[i, j] v_j: [N, heads, d, HW]
  const mixed = o.matmul(v, o.transpose(weights, [0, 1, 3, 2]));
  return o.add(x, project('out', o.reshape(mixed, [n, c, h, w])));
}

export const attention: LayerDef<AttentionLayer> = {
  shape(l, s, ctx) {
    const [c] = asImage(ctx.index, l.kind, s);
    checkGroups(ctx.index, l.kind, c, l.groups);
    if (c % l.heads !== 0)
      throw layerError(ctx.index, l.kind, `${c} channels do not split into ${l.heads} heads`);
    return s;
  },
  params: (_l, s) => {
    const c = s[0]!;
    return flatParams({
      norm: norm(c),
      q: pointwiseParams(c, 'weight'),
      k: pointwiseParams(c, 'weight', false),
      v: pointwiseParams(c, 'weight'),
      out: pointwiseParams(c, 'zero'),
    });
  },
  apply: (l, x, p, { o }) => attentionOp(o, x, p, l.groups, l.heads, l.epsilon ?? EPS),
};

export function upsampleOp<T>(o: Ops<T>, x: T, f: number): T {
  const [n, c, h, w] = o.shape(x) as [number, number, number, number];
  const ones = o.constant(new Float32Array(f * f).fill(1), [1, 1, 1, f, 1, f]);
  return o.reshape(o.mul(o.reshape(x, [n, c, h, 1, w, 1]), ones), [n, c, h * f, w * f]);
}

export const upsample: LayerDef<UpsampleLayer> = {
  shape(l, s, ctx) {
    const [c, h, w] = asImage(ctx.index, l.kind, s);
    if (!Number.isInteger(l.factor) || l.factor < 2)
      throw layerError(ctx.index, l.kind, `factor must be an integer ≥ 2, not ${l.factor}`);
    return [c, h * l.factor, w * l.factor];
  },
  apply: (l, x, _p, { o }) => upsampleOp(o, x, l.factor),
};
