import type { Ops } from '../../autodiff/ops';
import { AUGMENT_PARAMS, CUTOUT_RATIO } from '../diff-augment';

/**
 * DiffAugment (Zhao et al. 2020) with Ops: colour (brightness, saturation, contrast) from
 * per-image scalars, then translation and cutout as one pixel gather whose index the trainer
 * computes per step from the drawn parameters (diff-augment.ts draws them). Differentiable in the
 * images, so the generator learns through the augmentation.
 */
export interface AugmentInputs<T> {
  brightness: T; // [N]
  saturation: T;
  contrast: T;
  index: T; // int [N, H·W]
}

export function applyAugmentOps<T>(o: Ops<T>, x: T, a: AugmentInputs<T>): T {
  const n = o.shape(x)[0]!;
  const per = (t: T) => o.reshape(t, [n, 1, 1, 1]);
  let y = o.add(x, per(a.brightness));
  const channelMean = o.mean(y, [1], true);
  y = o.add(o.mul(o.sub(y, channelMean), per(a.saturation)), channelMean);
  const imageMean = o.mean(y, [1, 2, 3], true);
  y = o.add(o.mul(o.sub(y, imageMean), per(a.contrast)), imageMean);
  return o.gatherPixels(y, a.index);
}

/**
 * The per-step inputs from drawAugment's parameters (rows of [b, s, c, dy, dx, cy, cx]): out
 * pixel (y, x) reads (y+dy, x+dx) of the image, 0 (index H·W) outside it or inside the cutout
 * square, exactly as the translation-then-cutout of diff-augment.ts.
 */
export function augmentArrays(
  params: Float32Array,
  n: number,
  size: number,
): {
  brightness: Float32Array;
  saturation: Float32Array;
  contrast: Float32Array;
  index: BigInt64Array;
} {
  const col = (c: number) =>
    Float32Array.from({ length: n }, (_, i) => params[i * AUGMENT_PARAMS + c] ?? 0);
  const hw = size * size;
  const cut = Math.round(size * CUTOUT_RATIO);
  const index = new BigInt64Array(n * hw);
  for (let i = 0; i < n; i++) {
    const [dy, dx, cy, cx] = [3, 4, 5, 6].map((c) => params[i * AUGMENT_PARAMS + c] ?? 0) as [
      number,
      number,
      number,
      number,
    ];
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const sy = y + dy;
        const sx = x + dx;
        const inCut =
          y >= cy - cut / 2 && y < cy + cut / 2 && x >= cx - cut / 2 && x < cx + cut / 2;
        const outside = sy < 0 || sy >= size || sx < 0 || sx >= size;
        index[i * hw + y * size + x] = BigInt(inCut || outside ? hw : sy * size + sx);
      }
  }
  return { brightness: col(0), saturation: col(1), contrast: col(2), index };
}
