import type { Graph, Sym } from './graph';

/**
 * The weight gradient of a convolution as batched matrix products (im2col):
 *   patches = Conv(X as N·C one-channel images, one-hot kh×kw kernels)   [N, C·kh·kw, P]
 *   dW[k, c·kh·kw] = Σₙ dYₙ[k, P] · patchesₙᵀ[P, c·kh·kw]                 (P = output pixels)
 *
 * Why not the plain Conv(Xᵀ, dYᵀ, dilations = strides): there the output gradient is the kernel,
 * as large as the image, with only kh×kw outputs, and MLAS runs it as C thin matrix products.
 * For stride 1 (the U-Net's 3×3 convs: batch 32, 32–128 channels, 16–32 px) this form is 3–5×
 * faster on its own and doubles the whole diffusion training step, to 1e-5 relative. Strided
 * convs keep the Conv form: there the kernel is already small, and in the DCGAN's whole step the
 * patches cost more (speed and twice the memory) than they save. The patches are kh·kw copies of
 * X, so very large inputs keep the Conv form too (`fitsWeightGradByPatches`).
 */
const PATCH_BYTES_LIMIT = 384 * 1024 * 1024;

export function fitsWeightGradByPatches(
  xShape: readonly number[],
  kernel: readonly [number, number],
  strides: readonly number[],
  outSide: readonly [number, number],
): boolean {
  if (strides.some((s) => s !== 1)) return false;
  const [n, c] = xShape as [number, number];
  return n * c * kernel[0] * kernel[1] * outSide[0] * outSide[1] * 4 <= PATCH_BYTES_LIMIT;
}

export function weightGradByPatches(
  g: Graph,
  x: Sym,
  dy: Sym,
  kernel: readonly [number, number],
  strides: readonly number[],
  pads: readonly number[],
): Sym {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [, k, oh, ow] = dy.shape as [number, number, number, number];
  const [kh, kw] = kernel;
  const taps = kh * kw;
  const pixels = oh * ow;
  const oneHot = new Float32Array(taps * taps);
  for (let t = 0; t < taps; t++) oneHot[t * taps + t] = 1;
  const [planes] = g.emit('Reshape', [x, g.int64([n * c, 1, h, w])], [{ shape: [n * c, 1, h, w] }]);
  const [windows] = g.emit(
    'Conv',
    [planes!, g.constant(oneHot, [taps, 1, kh, kw])],
    [{ shape: [n * c, taps, oh, ow] }],
    {
      kernel_shape: { ints: [kh, kw] },
      strides: { ints: [...strides] },
      pads: { ints: [...pads] },
    },
  );
  const cols = c * taps;
  const [patches] = g.emit(
    'Reshape',
    [windows!, g.int64([n, cols, pixels])],
    [{ shape: [n, cols, pixels] }],
  );
  // ORT folds this transpose into the matrix product (FusedMatMul, transB).
  const [patchesT] = g.emit('Transpose', [patches!], [{ shape: [n, pixels, cols] }], {
    perm: { ints: [0, 2, 1] },
  });
  const [dyFlat] = g.emit('Reshape', [dy, g.int64([n, k, pixels])], [{ shape: [n, k, pixels] }]);
  const [perImage] = g.emit('MatMul', [dyFlat!, patchesT!], [{ shape: [n, k, cols] }]);
  const [summed] = g.emit('ReduceSum', [perImage!, g.int64([0])], [{ shape: [k, cols] }], {
    keepdims: { i: 0 },
  });
  return g.emit('Reshape', [summed!, g.int64([k, c, kh, kw])], [{ shape: [k, c, kh, kw] }])[0]!;
}
