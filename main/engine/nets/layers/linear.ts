import { layerError, type LayerDef } from './layer-def';

export type DenseLayer = { kind: 'dense'; units: number; bias?: boolean };
/** [N, C·H·W] → [N, C, H, W]; order 'hwc' reads the vector as H, W, C (TensorFlow's reshape). */
export type UnflattenLayer = {
  kind: 'unflatten';
  channels: number;
  height: number;
  width: number;
  order?: 'chw' | 'hwc';
};
export type FlattenLayer = { kind: 'flatten'; order?: 'chw' | 'hwc' };

export const dense: LayerDef<DenseLayer> = {
  shape(l, s, ctx) {
    if (s.length !== 1)
      throw layerError(ctx.index, l.kind, `needs a vector input, got [${s.join(', ')}]`);
    return [l.units];
  },
  params: (l, s) => ({
    weight: { shape: [s[0]!, l.units], init: 'weight', fans: [s[0]!, l.units] },
    ...(l.bias !== false && { bias: { shape: [l.units], init: 'zero' } }),
  }),
  apply: (l, x, p, { o }) => o.dense(x, p('weight'), l.bias === false ? null : p('bias')),
};

export const unflatten: LayerDef<UnflattenLayer> = {
  shape(l, s, ctx) {
    if (s.length !== 1 || s[0] !== l.channels * l.height * l.width)
      throw layerError(
        ctx.index,
        l.kind,
        `cannot make [${l.channels}, ${l.height}, ${l.width}] of [${s.join(', ')}]`,
      );
    return [l.channels, l.height, l.width];
  },
  apply(l, x, _p, { o }) {
    const n = o.shape(x)[0]!;
    const { channels: c, height: h, width: w } = l;
    if (l.order === 'hwc') return o.transpose(o.reshape(x, [n, h, w, c]), [0, 3, 1, 2]);
    return o.reshape(x, [n, c, h, w]);
  },
};

export const flatten: LayerDef<FlattenLayer> = {
  shape: (_l, s) => [s.reduce((a, b) => a * b, 1)],
  apply(l, x, _p, { o }) {
    const n = o.shape(x)[0]!;
    return o.reshape(l.order === 'hwc' ? o.transpose(x, [0, 2, 3, 1]) : x, [n, -1]);
  },
};
