import type * as TF from '@tensorflow/tfjs';
import type { BatchMoments, ConvOptions, GradResult, Ops } from './ops';

type Tf = typeof TF;
type T = TF.Tensor;

/**
 * Ops<Tensor> on tfjs, eagerly, with tfjs's own autodiff: the fallback training runtime, and the
 * second implementation the compiler's gradients are checked against. Tensors keep the NCHW
 * layout of Ops; convolutions transpose to tfjs's NHWC around the call (the wasm backend has no
 * NCHW convolution).
 */
const toNhwc = [0, 2, 3, 1];
const toNchw = [0, 3, 1, 2];

export class TfjsOps implements Ops<T> {
  readonly runtime = 'tfjs' as const;
  private readonly stop: (x: T) => T;

  constructor(readonly tf: Tf) {
    this.stop = tf.customGrad((...inputs) => {
      const x = inputs[0] as T;
      return { value: x.clone(), gradFunc: (dy: T) => tf.zerosLike(dy) };
    });
  }

  shape = (x: T) => x.shape;
  constant = (data: Float32Array, shape: readonly number[]) => this.tf.tensor(data, [...shape]);
  scalar = (v: number) => this.tf.scalar(v);

  add = (a: T, b: T) => this.tf.add(a, b);
  sub = (a: T, b: T) => this.tf.sub(a, b);
  mul = (a: T, b: T) => this.tf.mul(a, b);
  div = (a: T, b: T) => this.tf.div(a, b);
  neg = (x: T) => this.tf.neg(x);
  exp = (x: T) => this.tf.exp(x);
  log = (x: T) => this.tf.log(x);
  sqrt = (x: T) => this.tf.sqrt(x);
  square = (x: T) => this.tf.mul(x, x);
  abs = (x: T) => this.tf.abs(x);
  tanh = (x: T) => this.tf.tanh(x);
  sigmoid = (x: T) => this.tf.sigmoid(x);
  relu = (x: T) => this.tf.relu(x);
  leakyRelu = (x: T, alpha: number) => this.tf.leakyRelu(x, alpha);
  softplus = (x: T) => this.tf.softplus(x);
  sin = (x: T) => this.tf.sin(x);
  cos = (x: T) => this.tf.cos(x);
  clip = (x: T, lo: number, hi: number) => this.tf.clipByValue(x, lo, hi);

  sum = (x: T, axes: readonly number[], keepDims = false) => this.tf.sum(x, [...axes], keepDims);
  mean = (x: T, axes: readonly number[], keepDims = false) => this.tf.mean(x, [...axes], keepDims);
  reshape = (x: T, shape: readonly number[]) => this.tf.reshape(x, [...shape]);
  transpose = (x: T, perm: readonly number[]) => this.tf.transpose(x, [...perm]);
  concat = (xs: readonly T[], axis: number) => this.tf.concat([...xs], axis);
  slice(x: T, axis: number, start: number, end: number): T {
    const begin = x.shape.map(() => 0);
    const size = x.shape.map(() => -1);
    begin[axis] = start;
    size[axis] = end - start;
    return this.tf.slice(x, begin, size);
  }

  matmul = (a: T, b: T) => this.tf.matMul(a, b);
  dense(x: T, w: T, b: T | null): T {
    const y = this.tf.matMul(x, w);
    return b ? this.tf.add(y, b) : y;
  }

  private bias(y: T, b: T | null): T {
    return b ? this.tf.add(y, this.tf.reshape(b, [1, -1, 1, 1])) : y;
  }

  conv2d(x: T, w: T, b: T | null, o: ConvOptions): T {
    const { tf } = this;
    const [pt, pl, pb, pr] = o.pads;
    const y = tf.conv2d(
      tf.transpose(x, toNhwc) as TF.Tensor4D,
      tf.transpose(w, [2, 3, 1, 0]) as TF.Tensor4D,
      [...o.strides] as [number, number],
      [
        [0, 0],
        [pt, pb],
        [pl, pr],
        [0, 0],
      ],
    );
    return this.bias(tf.transpose(y, toNchw), b);
  }

  /** Full ('valid') transposed convolution, then the padding cropped off, as ONNX defines it. */
  convTranspose2d(x: T, w: T, b: T | null, o: ConvOptions): T {
    const { tf } = this;
    const [n, , h, wd] = x.shape as [number, number, number, number];
    const [, k, kh, kw] = w.shape as [number, number, number, number];
    const [sh, sw] = o.strides;
    const full = [n, sh * (h - 1) + kh, sw * (wd - 1) + kw, k] as [number, number, number, number];
    const y = tf.conv2dTranspose(
      tf.transpose(x, toNhwc) as TF.Tensor4D,
      tf.transpose(w, [2, 3, 1, 0]) as TF.Tensor4D,
      full,
      [sh, sw],
      'valid',
    );
    const [pt, pl, pb, pr] = o.pads;
    const cropped = tf.slice(y, [0, pt, pl, 0], [n, full[1] - pt - pb, full[2] - pl - pr, k]);
    return this.bias(tf.transpose(cropped, toNchw), b);
  }

  depthToSpace(x: T, block: number): T {
    const [n, c, h, w] = x.shape as [number, number, number, number];
    const out = c / (block * block);
    const split = this.tf.reshape(x, [n, block, block, out, h, w]);
    return this.tf.reshape(this.tf.transpose(split, [0, 3, 4, 1, 5, 2]), [
      n,
      out,
      h * block,
      w * block,
    ]);
  }

  batchNorm(x: T, gamma: T, beta: T, epsilon: number): BatchMoments<T> {
    const { tf } = this;
    const axes = x.shape.length === 4 ? [0, 2, 3] : [0];
    const per = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const { mean, variance } = tf.moments(x, axes, true);
    const y = this.batchNormWith(x, gamma, beta, mean, variance, epsilon, per);
    return { y, mean: tf.reshape(mean, [-1]), variance: tf.reshape(variance, [-1]) };
  }

  batchNormInference(x: T, gamma: T, beta: T, mean: T, variance: T, epsilon: number): T {
    const per = x.shape.map((d, i) => (i === 1 ? d : 1));
    return this.batchNormWith(x, gamma, beta, mean, variance, epsilon, per);
  }

  private batchNormWith(
    x: T,
    gamma: T,
    beta: T,
    mean: T,
    variance: T,
    epsilon: number,
    per: number[],
  ): T {
    const { tf } = this;
    const r = (t: T) => tf.reshape(t, per);
    const inv = tf.div(1, tf.sqrt(tf.add(r(variance), epsilon)));
    return tf.add(tf.mul(tf.mul(tf.sub(x, r(mean)), inv), r(gamma)), r(beta));
  }

  private lastAxis(x: T, axis: number, f: (t: T) => T): T {
    const rank = x.shape.length;
    const a = axis < 0 ? axis + rank : axis;
    if (a === rank - 1) return f(x);
    const perm = [...Array(rank).keys()].filter((i) => i !== a).concat(a);
    const inverse = perm.map((_p, i) => perm.indexOf(i));
    return this.tf.transpose(f(this.tf.transpose(x, perm)), inverse);
  }
  softmax = (x: T, axis: number) => this.lastAxis(x, axis, (t) => this.tf.softmax(t));
  logSoftmax = (x: T, axis: number) => this.lastAxis(x, axis, (t) => this.tf.logSoftmax(t));

  /** Rows of the pixel-major image gathered by a global index (tfjs differentiates axis-0 gathers). */
  gatherPixels(x: T, index: T): T {
    const { tf } = this;
    const [n, c, h, w] = x.shape as [number, number, number, number];
    const hw = h * w;
    const rows = tf.concat(
      [tf.transpose(tf.reshape(x, [n, c, hw]), [0, 2, 1]), tf.zeros([n, 1, c])],
      1,
    );
    const offsets = tf.mul(tf.range(0, n, 1, 'int32').reshape([n, 1]), tf.scalar(hw + 1, 'int32'));
    const global = tf.reshape(tf.add(tf.cast(index, 'int32'), offsets), [-1]);
    const picked = tf.gather(tf.reshape(rows, [n * (hw + 1), c]), global, 0);
    return tf.reshape(tf.transpose(tf.reshape(picked, [n, hw, c]), [0, 2, 1]), [n, c, h, w]);
  }

  stopGradient = (x: T) => this.stop(x);

  /**
   * tfjs runs f in a scope that frees what f made; aux tensors are kept past it and listed in
   * `kept` until releaseKept().
   */
  valueAndGrads(
    f: (params: readonly T[]) => GradResult<T>,
    params: readonly T[],
  ): { value: T; grads: T[]; aux: Record<string, T> } {
    let aux: Record<string, T> = {};
    const { value, grads } = this.tf.valueAndGrads((...ps: T[]) => {
      const r = f(ps);
      aux = r.aux ?? {};
      for (const t of Object.values(aux)) this.kept.push(this.tf.keep(t));
      return r.value as TF.Scalar;
    })([...params]);
    return { value, grads, aux };
  }

  private readonly kept: T[] = [];
  /** Frees the aux tensors kept by valueAndGrads, except those still in use. */
  releaseKept(inUse: ReadonlySet<T> = new Set()): void {
    this.tf.dispose(this.kept.splice(0).filter((t) => !inUse.has(t)));
  }
}
