/**
 * Weight rewrites behind the export plan, all on copies the plan owns: HWIO→OIHW kernels, batch-norm
 * folding into the preceding affine layer, and reordering a dense layer's outputs from tfjs's NHWC
 * reshape order into CHW, so the ONNX Reshape produces NCHW directly.
 */
import type { ExportStep } from './export-steps';

export function hwioToOihw(src: Float32Array, k: number, cin: number, cout: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < k; y++)
    for (let x = 0; x < k; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++)
          out[((o * cin + i) * k + y) * k + x] = src[((y * k + x) * cin + i) * cout + o]!;
  return out;
}

/** Scales each output feature of a gemm ([in, units], column j) or conv ([cout, ...], row o). */
export function foldBatchNorm(
  step: Extract<ExportStep, { op: 'gemm' | 'conv' }>,
  bn: Extract<ExportStep, { op: 'bn' }>,
): void {
  const n = step.op === 'gemm' ? step.units : step.cout;
  for (let j = 0; j < n; j++) {
    const s = bn.gamma[j]! / Math.sqrt(bn.variance[j]! + bn.epsilon);
    step.bias[j] = (step.bias[j]! - bn.mean[j]!) * s + bn.beta[j]!;
    if (step.op === 'gemm') for (let i = 0; i < step.inputs; i++) step.kernel[i * n + j]! *= s;
    else
      for (let r = j * step.cin * step.k * step.k, e = r + step.cin * step.k * step.k; r < e; r++)
        step.kernel[r]! *= s;
  }
}

/** A per-channel batch norm after a CHW reshape, as a per-feature one on the dense output before it. */
export function perFeature(
  bn: Extract<ExportStep, { op: 'bn' }>,
  pixels: number,
): Extract<ExportStep, { op: 'bn' }> {
  const spread = (a: Float32Array) =>
    Float32Array.from({ length: a.length * pixels }, (_, g) => a[Math.floor(g / pixels)]!);
  return {
    ...bn,
    gamma: spread(bn.gamma),
    beta: spread(bn.beta),
    mean: spread(bn.mean),
    variance: spread(bn.variance),
  };
}

/** perm[g] = f: NCHW flat index g takes the value at NHWC flat index f. */
export function nhwcToNchwOrder(c: number, h: number, w: number): Uint32Array {
  const perm = new Uint32Array(c * h * w);
  for (let ch = 0; ch < c; ch++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) perm[(ch * h + y) * w + x] = (y * w + x) * c + ch;
  return perm;
}
const permuted = (a: Float32Array, perm: Uint32Array, rows = 1): Float32Array => {
  const n = perm.length;
  const out = new Float32Array(a.length);
  for (let r = 0; r < rows; r++) for (let g = 0; g < n; g++) out[r * n + g] = a[r * n + perm[g]!]!;
  return out;
};

/** Reorders the features of the dense layer feeding a reshape; false when there is none to reorder. */
export function permuteIntoChw(steps: ExportStep[], perm: Uint32Array): boolean {
  let at = steps.length - 1;
  while (at >= 0 && (steps[at]!.op === 'act' || steps[at]!.op === 'bn')) at--;
  const dense = steps[at];
  if (dense?.op !== 'gemm') return false;
  dense.kernel = permuted(dense.kernel, perm, dense.inputs);
  dense.bias = permuted(dense.bias, perm);
  for (const s of steps.slice(at + 1))
    if (s.op === 'bn') {
      s.gamma = permuted(s.gamma, perm);
      s.beta = permuted(s.beta, perm);
      s.mean = permuted(s.mean, perm);
      s.variance = permuted(s.variance, perm);
    }
  return true;
}
