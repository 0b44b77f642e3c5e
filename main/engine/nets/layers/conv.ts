import { asImage, layerError, type LayerDef } from './layer-def';

/** Padding of a conv: one number for every side, or ONNX order [top, left, bottom, right]. */
export type Pads = number | readonly [number, number, number, number];
export type ConvLayer = {
  kind: 'conv';
  filters: number;
  kernel: number;
  stride: number;
  pad: Pads;
  bias?: boolean;
};
export type ConvTransposeLayer = {
  kind: 'convTranspose';
  filters: number;
  kernel: number;
  stride: number;
  pad: Pads;
  bias?: boolean;
};
/** DCR order (TensorFlow's depth_to_space, ONNX DepthToSpace mode DCR). */
export type DepthToSpaceLayer = { kind: 'depthToSpace'; block: number };

export function padsOf(p: Pads): readonly [number, number, number, number] {
  return typeof p === 'number' ? [p, p, p, p] : p;
}

const convSize = (size: number, k: number, s: number, a: number, b: number) =>
  Math.floor((size + a + b - k) / s) + 1;

export const conv: LayerDef<ConvLayer> = {
  shape(l, s, ctx) {
    const [, h, w] = asImage(ctx.index, l.kind, s);
    const [pt, pl, pb, pr] = padsOf(l.pad);
    const out = [
      l.filters,
      convSize(h, l.kernel, l.stride, pt, pb),
      convSize(w, l.kernel, l.stride, pl, pr),
    ];
    if (out[1]! < 1 || out[2]! < 1)
      throw layerError(ctx.index, l.kind, `makes an empty image from [${s.join(', ')}]`);
    return out;
  },
  params(l, s) {
    const k2 = l.kernel * l.kernel;
    return {
      weight: {
        shape: [l.filters, s[0]!, l.kernel, l.kernel],
        init: 'weight',
        fans: [s[0]! * k2, l.filters * k2],
      },
      ...(l.bias !== false && { bias: { shape: [l.filters], init: 'zero' } }),
    };
  },
  apply: (l, x, p, { o }) =>
    o.conv2d(x, p('weight'), l.bias === false ? null : p('bias'), {
      strides: [l.stride, l.stride],
      pads: padsOf(l.pad),
    }),
};

export const convTranspose: LayerDef<ConvTransposeLayer> = {
  shape(l, s, ctx) {
    const [, h, w] = asImage(ctx.index, l.kind, s);
    const [pt, pl, pb, pr] = padsOf(l.pad);
    return [
      l.filters,
      l.stride * (h - 1) + l.kernel - pt - pb,
      l.stride * (w - 1) + l.kernel - pl - pr,
    ];
  },
  params(l, s) {
    const k2 = l.kernel * l.kernel;
    return {
      weight: {
        shape: [s[0]!, l.filters, l.kernel, l.kernel],
        init: 'weight',
        fans: [s[0]! * k2, l.filters * k2],
      },
      ...(l.bias !== false && { bias: { shape: [l.filters], init: 'zero' } }),
    };
  },
  apply: (l, x, p, { o }) =>
    o.convTranspose2d(x, p('weight'), l.bias === false ? null : p('bias'), {
      strides: [l.stride, l.stride],
      pads: padsOf(l.pad),
    }),
};

export const depthToSpace: LayerDef<DepthToSpaceLayer> = {
  shape(l, s, ctx) {
    const [c, h, w] = asImage(ctx.index, l.kind, s);
    const b2 = l.block * l.block;
    if (c % b2 !== 0) throw layerError(ctx.index, l.kind, `${c} channels do not divide by ${b2}`);
    return [c / b2, h * l.block, w * l.block];
  },
  apply: (l, x, _p, { o }) => o.depthToSpace(x, l.block),
};
