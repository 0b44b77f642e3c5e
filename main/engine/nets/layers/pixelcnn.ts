import type { Ops } from '../../autodiff/ops';
import { asImage, layerError, type LayerDef, type ParamSpec } from './layer-def';
import {
  gateGroupOf,
  groupOf,
  horizontalMask,
  linkMask,
  pointMask,
  verticalMask,
} from './pixelcnn-masks';

/**
 * Gated PixelCNN layers (van den Oord et al., "Conditional Image Generation with PixelCNN
 * Decoders", 2016). Between layers the two stacks travel packed along the channels: [v; h], F
 * each. Every conv weight is multiplied by its constant mask (pixelcnn-masks.ts) inside the layer.
 * Nothing here depends on the image height or width (no reshapes), so an exported network runs on
 * any window of an image: the sampler feeds only the rows and columns a pixel can see.
 *
 *   pixelInput  (image C×H×W → [v; h]): mask-A horizontal conv, no residual
 *   gatedPixel  ([v; h] → [v; h]):      mask-B horizontal conv, residual 1×1 on h
 *   pixelOutput ([v; h] → C·levels logits): relu, 1×1, relu, 1×1 (both mask B); the logits of
 *               colour c, level k are channel c·levels + k
 */
export type PixelInputLayer = { kind: 'pixelInput'; filters: number; kernel: number };
export type GatedPixelLayer = { kind: 'gatedPixel'; kernel: number; colours: number };
export type PixelOutputLayer = {
  kind: 'pixelOutput';
  hidden: number;
  levels: number;
  colours: number;
};

const weight = (shape: [number, number, number, number]): ParamSpec => ({
  shape,
  init: 'weight',
  fans: [shape[1] * shape[2] * shape[3], shape[0] * shape[2] * shape[3]],
});
const bias = (n: number): ParamSpec => ({ shape: [n], init: 'zero' });

function gate<T>(o: Ops<T>, a: T, f: number): T {
  return o.mul(o.tanh(o.slice(a, 1, 0, f)), o.sigmoid(o.slice(a, 1, f, 2 * f)));
}

function masked<T>(o: Ops<T>, w: T, mask: Float32Array): T {
  return o.mul(w, o.constant(mask, o.shape(w)));
}

/** The two stacks' pre-activations of one layer: v (k×k) and h (1×k) plus the v → h link. */
function stacks<T>(
  o: Ops<T>,
  v: T,
  h: T,
  p: (name: string) => T,
  k: number,
  hMask: Float32Array,
  f: number,
): { vPre: T; hPre: T } {
  const c = Math.floor(k / 2);
  const inV = o.shape(v)[1]!;
  const vPre = o.conv2d(v, masked(o, p('vWeight'), verticalMask(2 * f, inV, k)), p('vBias'), {
    strides: [1, 1],
    pads: [c, c, c, c],
  });
  const hConv = o.conv2d(h, masked(o, p('hWeight'), hMask), p('hBias'), {
    strides: [1, 1],
    pads: [0, c, 0, c],
  });
  const link = o.conv2d(vPre, masked(o, p('linkWeight'), linkMask(2 * f, 2 * f)), null, {
    strides: [1, 1],
    pads: [1, 0, 0, 0],
  });
  return { vPre, hPre: o.add(hConv, link) };
}

export const pixelInput: LayerDef<PixelInputLayer> = {
  shape(l, s, ctx) {
    const [colours, h, w] = asImage(ctx.index, l.kind, s);
    if (l.kernel % 2 !== 1) throw layerError(ctx.index, l.kind, 'the kernel must be odd');
    if (l.filters % colours !== 0)
      throw layerError(
        ctx.index,
        l.kind,
        `${l.filters} filters do not split into ${colours} colours`,
      );
    return [2 * l.filters, h, w];
  },
  params(l, s) {
    const [c, f, k] = [s[0]!, l.filters, l.kernel];
    return {
      vWeight: weight([2 * f, c, k, k]),
      vBias: bias(2 * f),
      hWeight: weight([2 * f, c, 1, k]),
      hBias: bias(2 * f),
      linkWeight: weight([2 * f, 2 * f, 2, 1]),
    };
  },
  apply(l, x, p, { o }) {
    const colours = o.shape(x)[1]!;
    const f = l.filters;
    const hMask = horizontalMask(
      2 * f,
      colours,
      l.kernel,
      'A',
      (c) => gateGroupOf(c, f, colours),
      (c) => c,
    );
    const { vPre, hPre } = stacks(o, x, x, p, l.kernel, hMask, f);
    return o.concat([gate(o, vPre, f), gate(o, hPre, f)], 1);
  },
};

export const gatedPixel: LayerDef<GatedPixelLayer> = {
  shape(l, s, ctx) {
    const [c] = asImage(ctx.index, l.kind, s);
    if (c % 2 !== 0 || (c / 2) % l.colours !== 0)
      throw layerError(
        ctx.index,
        l.kind,
        `needs [v; h] stacks of colour groups, got ${c} channels`,
      );
    return s;
  },
  params(l, s) {
    const [f, k] = [s[0]! / 2, l.kernel];
    return {
      vWeight: weight([2 * f, f, k, k]),
      vBias: bias(2 * f),
      hWeight: weight([2 * f, f, 1, k]),
      hBias: bias(2 * f),
      linkWeight: weight([2 * f, 2 * f, 2, 1]),
      resWeight: weight([f, f, 1, 1]),
      resBias: bias(f),
    };
  },
  apply(l, x, p, { o }) {
    const f = o.shape(x)[1]! / 2;
    const g = l.colours;
    const v = o.slice(x, 1, 0, f);
    const h = o.slice(x, 1, f, 2 * f);
    const hMask = horizontalMask(
      2 * f,
      f,
      l.kernel,
      'B',
      (c) => gateGroupOf(c, f, g),
      (c) => groupOf(c, f, g),
    );
    const { vPre, hPre } = stacks(o, v, h, p, l.kernel, hMask, f);
    const resMask = pointMask(
      f,
      f,
      (c) => groupOf(c, f, g),
      (c) => groupOf(c, f, g),
    );
    const res = o.conv2d(gate(o, hPre, f), masked(o, p('resWeight'), resMask), p('resBias'), {
      strides: [1, 1],
      pads: [0, 0, 0, 0],
    });
    return o.concat([gate(o, vPre, f), o.add(h, res)], 1);
  },
};

export const pixelOutput: LayerDef<PixelOutputLayer> = {
  shape(l, s, ctx) {
    const [c, h, w] = asImage(ctx.index, l.kind, s);
    if (c % 2 !== 0) throw layerError(ctx.index, l.kind, 'needs [v; h] stacks');
    if (l.hidden % l.colours !== 0)
      throw layerError(ctx.index, l.kind, `${l.hidden} hidden channels do not split into colours`);
    return [l.colours * l.levels, h, w];
  },
  params(l, s) {
    const f = s[0]! / 2;
    return {
      weight1: weight([l.hidden, f, 1, 1]),
      bias1: bias(l.hidden),
      weight2: weight([l.colours * l.levels, l.hidden, 1, 1]),
      bias2: bias(l.colours * l.levels),
    };
  },
  apply(l, x, p, { o }) {
    const f = o.shape(x)[1]! / 2;
    const g = l.colours;
    const h = o.relu(o.slice(x, 1, f, 2 * f));
    const none = { strides: [1, 1] as const, pads: [0, 0, 0, 0] as const };
    const m1 = pointMask(
      l.hidden,
      f,
      (c) => groupOf(c, l.hidden, g),
      (c) => groupOf(c, f, g),
    );
    const hidden = o.relu(o.conv2d(h, masked(o, p('weight1'), m1), p('bias1'), none));
    const m2 = pointMask(
      g * l.levels,
      l.hidden,
      (c) => Math.floor(c / l.levels),
      (c) => groupOf(c, l.hidden, g),
    );
    return o.conv2d(hidden, masked(o, p('weight2'), m2), p('bias2'), none);
  },
};
