import { StudioError } from '../../contract/channels';
import type { KerasWeight } from './keras-weights';
import type { OnnxAttrValue } from './onnx-proto-writer';

/**
 * The pieces of a Keras (channels_last) → ONNX (NCHW) conversion that are pure arithmetic: output
 * sizes and TensorFlow's 'same' padding, kernel transposes, and folding inference-mode batch
 * normalisation into the convolution before it. Used by keras-to-onnx.ts.
 */

/** [C, H, W] for images, [D] for vectors; the batch dim is implicit. */
export type FeatureShape = number[];

/**
 * Output size and ONNX pads [top, left, bottom, right] of a window op, as TensorFlow computes them:
 * 'valid' uses only full windows; 'same' gives ceil(in/stride) outputs and puts the odd padding
 * pixel at the bottom/right (ONNX's auto_pad SAME_UPPER, written out as explicit pads).
 */
export function windowGeometry(
  inH: number,
  inW: number,
  kernel: [number, number],
  strides: [number, number],
  padding: string,
): { outH: number; outW: number; pads: number[] } {
  if (padding === 'valid') {
    return {
      outH: Math.floor((inH - kernel[0]) / strides[0]) + 1,
      outW: Math.floor((inW - kernel[1]) / strides[1]) + 1,
      pads: [0, 0, 0, 0],
    };
  }
  if (padding !== 'same')
    throw new StudioError('MODEL_REJECTED', `padding '${padding}' is not supported`);
  const axis = (size: number, k: number, s: number): [number, number, number] => {
    const out = Math.ceil(size / s);
    const total = Math.max((out - 1) * s + k - size, 0);
    return [out, Math.floor(total / 2), total - Math.floor(total / 2)];
  };
  const [outH, top, bottom] = axis(inH, kernel[0], strides[0]);
  const [outW, left, right] = axis(inW, kernel[1], strides[1]);
  return { outH, outW, pads: [top, left, bottom, right] };
}

/** Keras conv kernel [kh, kw, in, out] → ONNX [out, in, kh, kw], in float64 for folding. */
export function convKernelToOihw(kernel: KerasWeight): { dims: number[]; data: Float64Array } {
  const [kh, kw, cin, cout] = kernel.shape as [number, number, number, number];
  const data = new Float64Array(kernel.data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++)
          data[((o * cin + i) * kh + y) * kw + x] =
            kernel.data[((y * kw + x) * cin + i) * cout + o]!;
  return { dims: [cout, cin, kh, kw], data };
}

export interface BatchNormParams {
  gamma?: Float32Array;
  beta?: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
  epsilon: number;
}

/**
 * Inference-mode BN after a convolution, folded into it: with f = γ / √(var + ε),
 * W'[o] = W[o] · f[o] and b'[o] = (b[o] − mean[o]) · f[o] + β[o]. Float64, then float32 once.
 */
export function foldBatchNorm(
  weight: { dims: number[]; data: Float64Array },
  bias: Float32Array | undefined,
  bn: BatchNormParams,
): { weight: Float32Array; bias: Float32Array } {
  const cout = weight.dims[0]!;
  const per = weight.data.length / cout;
  const w = new Float32Array(weight.data.length);
  const b = new Float32Array(cout);
  for (let o = 0; o < cout; o++) {
    const f = (bn.gamma?.[o] ?? 1) / Math.sqrt(bn.variance[o]! + bn.epsilon);
    for (let k = 0; k < per; k++) w[o * per + k] = weight.data[o * per + k]! * f;
    b[o] = ((bias?.[o] ?? 0) - bn.mean[o]!) * f + (bn.beta?.[o] ?? 0);
  }
  return { weight: w, bias: b };
}

/** ONNX op for a Keras activation name, or null for 'linear'. */
export function activationOp(
  name: string,
  rank: number,
): { opType: string; attrs?: Record<string, OnnxAttrValue> } | null {
  switch (name) {
    case 'linear':
      return null;
    case 'relu':
      return { opType: 'Relu' };
    case 'sigmoid':
      return { opType: 'Sigmoid' };
    case 'tanh':
      return { opType: 'Tanh' };
    case 'softmax':
      if (rank !== 1)
        throw new StudioError('MODEL_REJECTED', 'softmax is only supported on vectors');
      return { opType: 'Softmax', attrs: { axis: { i: -1 } } };
    default:
      throw new StudioError('MODEL_REJECTED', `activation '${name}' is not supported`);
  }
}
