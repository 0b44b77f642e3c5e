/**
 * The tensor operations that networks, losses and optimisers are written in, once, for every
 * runtime. Two implementations exist:
 *   - OnnxOps (onnx-ops.ts): symbolic. Each call adds ONNX nodes to a graph and records how to
 *     differentiate them, so a whole training step (forward, loss, gradients, Adam) compiles into
 *     one ONNX model that onnxruntime runs at native speed.
 *   - TfjsOps (../training/tfjs/tfjs-ops.ts): eager tfjs, the fallback runtime.
 * Layout is ONNX/PyTorch everywhere: images NCHW, conv weights [out, in, kh, kw], transposed-conv
 * weights [in, out, kh, kw], dense weights [in, out].
 */
export interface ConvOptions {
  strides: readonly [number, number];
  /** ONNX order: [top, left, bottom, right]. */
  pads: readonly [number, number, number, number];
}

export interface BatchMoments<T> {
  y: T;
  /** Per-channel batch mean and (biased) variance, for the running statistics. */
  mean: T;
  variance: T;
}

export interface GradResult<T> {
  value: T;
  aux?: Record<string, T>;
}

export interface Ops<T> {
  readonly runtime: 'onnx' | 'tfjs';
  shape(x: T): readonly number[];
  constant(data: Float32Array, shape: readonly number[]): T;
  scalar(value: number): T;

  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(x: T): T;
  exp(x: T): T;
  log(x: T): T;
  sqrt(x: T): T;
  square(x: T): T;
  abs(x: T): T;
  tanh(x: T): T;
  sigmoid(x: T): T;
  relu(x: T): T;
  leakyRelu(x: T, alpha: number): T;
  softplus(x: T): T;
  sin(x: T): T;
  cos(x: T): T;
  clip(x: T, lo: number, hi: number): T;

  sum(x: T, axes: readonly number[], keepDims?: boolean): T;
  mean(x: T, axes: readonly number[], keepDims?: boolean): T;

  reshape(x: T, shape: readonly number[]): T;
  transpose(x: T, perm: readonly number[]): T;
  concat(xs: readonly T[], axis: number): T;
  slice(x: T, axis: number, start: number, end: number): T;

  /** Batched matrix product with numpy broadcasting of the leading dimensions. */
  matmul(a: T, b: T): T;
  /** x [N, in] · w [in, out] + b [out]. */
  dense(x: T, w: T, b: T | null): T;
  conv2d(x: T, w: T, b: T | null, options: ConvOptions): T;
  convTranspose2d(x: T, w: T, b: T | null, options: ConvOptions): T;
  /** DCR order (ONNX DepthToSpace default; TensorFlow's depth_to_space). */
  depthToSpace(x: T, block: number): T;
  /** Training-mode batch norm over every axis but 1. */
  batchNorm(x: T, gamma: T, beta: T, epsilon: number): BatchMoments<T>;
  batchNormInference(x: T, gamma: T, beta: T, mean: T, variance: T, epsilon: number): T;
  softmax(x: T, axis: number): T;
  logSoftmax(x: T, axis: number): T;
  /**
   * out[n, c, p] = x[n, c, index[n, p]] over the flattened pixels of each image (index an int
   * tensor [N, H·W]); index H·W reads 0. Translation and cutout of DiffAugment in one gather.
   */
  gatherPixels(x: T, index: T): T;
  /** The same value, treated as a constant by differentiation. */
  stopGradient(x: T): T;

  /**
   * f(params).value and its gradient with respect to each of params. Other tensors f computes and
   * needs afterwards (batch statistics, loss parts) go in `aux`: tfjs frees everything else f made.
   */
  valueAndGrads(
    f: (params: readonly T[]) => GradResult<T>,
    params: readonly T[],
  ): { value: T; grads: T[]; aux: Record<string, T> };
}
