import type { Ops } from '../../autodiff/ops';
import { asImage, type LayerDef } from './layer-def';

/**
 * Minibatch standard deviation (ProGAN/StyleGAN): one extra channel holding the average standard
 * deviation of the features across groups of `groupSize` images, so the critic can see a batch
 * with no variety. A critic-only layer (it mixes the samples of a batch).
 */
export type MinibatchStdLayer = { kind: 'minibatchStd'; groupSize: number };

/** The largest group size ≤ wanted that divides the batch (StyleGAN needs an exact split). */
export function stdGroup(batch: number, wanted: number): number {
  for (let g = Math.min(wanted, batch); g > 1; g--) if (batch % g === 0) return g;
  return 1;
}

function minibatchStdOp<T>(o: Ops<T>, x: T, wanted: number): T {
  const [n, c, h, w] = o.shape(x) as [number, number, number, number];
  const g = stdGroup(n, wanted);
  const m = n / g;
  // Sample k belongs to group k mod m, as in StyleGAN's reshape [G, M, C, H, W].
  const grouped = o.reshape(x, [g, m, c, h, w]);
  const centred = o.sub(grouped, o.mean(grouped, [0], true));
  const std = o.sqrt(o.add(o.mean(o.square(centred), [0]), o.scalar(1e-8)));
  const perGroup = o.reshape(o.mean(std, [1, 2, 3]), [1, m, 1, 1, 1]);
  const tiled = o.mul(
    perGroup,
    o.constant(new Float32Array(g * m * h * w).fill(1), [g, m, 1, h, w]),
  );
  return o.concat([x, o.reshape(tiled, [n, 1, h, w])], 1);
}

export const minibatchStd: LayerDef<MinibatchStdLayer> = {
  shape(l, s, ctx) {
    const [c, h, w] = asImage(ctx.index, l.kind, s);
    return [c + 1, h, w];
  },
  apply: (l, x, _p, { o }) => minibatchStdOp(o, x, l.groupSize),
};
