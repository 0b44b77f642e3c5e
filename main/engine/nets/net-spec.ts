/**
 * A network architecture as data: a layer program that every runtime reads. The training-graph
 * compiler (ONNX + onnxruntime), the tfjs fallback, the ONNX exporter and the PyTorch job export
 * all interpret this same list, so what trains is what exports.
 *
 * Layout is ONNX/PyTorch: images NCHW; parameters per layer i are named "<i>.weight", "<i>.bias"
 * (conv [out, in, k, k], transposed conv [in, out, k, k], dense [in, out]) and, for batch norm,
 * "<i>.gamma", "<i>.beta", "<i>.runningMean", "<i>.runningVar" (the running ones not trained).
 */
/** Padding of a conv: one number for every side, or ONNX order [top, left, bottom, right]. */
export type Pads = number | readonly [number, number, number, number];

export type NetLayer =
  | { kind: 'dense'; units: number; bias?: boolean }
  /** [N, C·H·W] → [N, C, H, W]; order 'hwc' reads the vector as H, W, C (TensorFlow's reshape). */
  | { kind: 'unflatten'; channels: number; height: number; width: number; order?: 'chw' | 'hwc' }
  | { kind: 'flatten'; order?: 'chw' | 'hwc' }
  | { kind: 'conv'; filters: number; kernel: number; stride: number; pad: Pads; bias?: boolean }
  | {
      kind: 'convTranspose';
      filters: number;
      kernel: number;
      stride: number;
      pad: Pads;
      bias?: boolean;
    }
  /**
   * Batch norm: batch statistics in training (running averages updated with `momentum`, the
   * weight of the new batch as in PyTorch, unbiased variance), running statistics at inference.
   */
  | { kind: 'batchnorm'; epsilon: number; momentum: number }
  | { kind: 'groupnorm'; groups: number; epsilon: number }
  | { kind: 'relu' }
  | { kind: 'leakyrelu'; alpha: number }
  | { kind: 'tanh' }
  | { kind: 'sigmoid' }
  | { kind: 'silu' }
  /** DCR order (TensorFlow's depth_to_space, ONNX DepthToSpace mode DCR). */
  | { kind: 'depthToSpace'; block: number }
  /**
   * Minibatch standard deviation (ProGAN/StyleGAN): one extra channel holding the average
   * standard deviation of the features across groups of `groupSize` images, so the critic can
   * see a batch with no variety. Training-only layer of critics.
   */
  | { kind: 'minibatchStd'; groupSize: number };

export type NetInput =
  | { kind: 'vector'; size: number }
  | { kind: 'image'; channels: number; height: number; width: number };

export interface NetSpec {
  input: NetInput;
  layers: NetLayer[];
  /** How fresh weights are drawn: DCGAN's N(0, 0.02), or Glorot-uniform (older runs). */
  init: 'dcgan' | 'glorot';
  /** For networks that make images: the value range of the output (what exports declare). */
  outputRange?: readonly [number, number];
}

export function padsOf(p: Pads): readonly [number, number, number, number] {
  return typeof p === 'number' ? [p, p, p, p] : p;
}
