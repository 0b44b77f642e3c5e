import { Graph, type Sym } from './graph';
import { broadcastShapes, elementwiseOps, unbroadcast } from './onnx-elementwise';
import { nnOps } from './onnx-nn';
import { shapeOps } from './onnx-shape';
import type { BatchMoments, ConvOptions, GradResult, Ops } from './ops';

/**
 * Ops<Sym>: every call adds nodes to `g` and records its derivative, so networks, losses and
 * optimisers written against Ops compile into one ONNX training graph (see graph.ts).
 */
export class OnnxOps implements Ops<Sym> {
  readonly runtime = 'onnx' as const;
  private readonly el: ReturnType<typeof elementwiseOps>;
  private readonly sh: ReturnType<typeof shapeOps>;
  private readonly nn: ReturnType<typeof nnOps>;

  constructor(readonly g: Graph = new Graph()) {
    this.el = elementwiseOps(this);
    this.sh = shapeOps(this);
    this.nn = nnOps(this);
  }

  shape(x: Sym): readonly number[] {
    return x.shape;
  }
  constant(data: Float32Array, shape: readonly number[]): Sym {
    return this.g.constant(data, shape);
  }
  scalar(value: number): Sym {
    return this.g.constant(new Float32Array([value]), []);
  }
  broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
    return broadcastShapes(a, b);
  }
  unbroadcast(d: Sym, shape: readonly number[]): Sym {
    return unbroadcast(this, d, shape);
  }
  /** Not differentiable (used inside derivatives only). */
  sign(x: Sym): Sym {
    return this.g.emit('Sign', [x], [{ shape: x.shape }])[0]!;
  }

  add = (a: Sym, b: Sym): Sym => this.el.add(a, b);
  sub = (a: Sym, b: Sym): Sym => this.el.sub(a, b);
  mul = (a: Sym, b: Sym): Sym => this.el.mul(a, b);
  div = (a: Sym, b: Sym): Sym => this.el.div(a, b);
  neg = (x: Sym): Sym => this.el.neg(x);
  exp = (x: Sym): Sym => this.el.exp(x);
  log = (x: Sym): Sym => this.el.log(x);
  sqrt = (x: Sym): Sym => this.el.sqrt(x);
  square = (x: Sym): Sym => this.el.square(x);
  abs = (x: Sym): Sym => this.el.abs(x);
  tanh = (x: Sym): Sym => this.el.tanh(x);
  sigmoid = (x: Sym): Sym => this.el.sigmoid(x);
  relu = (x: Sym): Sym => this.el.relu(x);
  leakyRelu = (x: Sym, alpha: number): Sym => this.el.leakyRelu(x, alpha);
  softplus = (x: Sym): Sym => this.el.softplus(x);
  sin = (x: Sym): Sym => this.el.sin(x);
  cos = (x: Sym): Sym => this.el.cos(x);
  clip = (x: Sym, lo: number, hi: number): Sym => this.el.clip(x, lo, hi);

  sum = (x: Sym, axes: readonly number[], keepDims?: boolean): Sym =>
    this.sh.sum(x, axes, keepDims);
  mean = (x: Sym, axes: readonly number[], keepDims?: boolean): Sym =>
    this.sh.mean(x, axes, keepDims);
  expand = (x: Sym, shape: readonly number[]): Sym => this.sh.expand(x, shape);
  reshape = (x: Sym, shape: readonly number[]): Sym => this.sh.reshape(x, shape);
  transpose = (x: Sym, perm: readonly number[]): Sym => this.sh.transpose(x, perm);
  concat = (xs: readonly Sym[], axis: number): Sym => this.sh.concat(xs, axis);
  slice = (x: Sym, axis: number, start: number, end: number): Sym =>
    this.sh.slice(x, axis, start, end);

  matmul = (a: Sym, b: Sym): Sym => this.nn.matmul(a, b);
  dense = (x: Sym, w: Sym, b: Sym | null): Sym => this.nn.dense(x, w, b);
  conv2d = (x: Sym, w: Sym, b: Sym | null, o: ConvOptions): Sym => this.nn.conv2d(x, w, b, o);
  convTranspose2d = (x: Sym, w: Sym, b: Sym | null, o: ConvOptions): Sym =>
    this.nn.convTranspose2d(x, w, b, o);
  depthToSpace = (x: Sym, block: number): Sym => this.nn.depthToSpace(x, block);
  batchNorm = (x: Sym, gamma: Sym, beta: Sym, eps: number): BatchMoments<Sym> =>
    this.nn.batchNorm(x, gamma, beta, eps);
  batchNormInference = (
    x: Sym,
    gamma: Sym,
    beta: Sym,
    mean: Sym,
    variance: Sym,
    eps: number,
  ): Sym => this.nn.batchNormInference(x, gamma, beta, mean, variance, eps);
  softmax = (x: Sym, axis: number): Sym => this.nn.softmax(x, axis);
  logSoftmax = (x: Sym, axis: number): Sym => this.nn.logSoftmax(x, axis);
  gatherPixels = (x: Sym, index: Sym): Sym => this.nn.gatherPixels(x, index);

  stopGradient(x: Sym): Sym {
    return this.g.emit('Identity', [x], [{ shape: x.shape, dtype: x.dtype }])[0]!;
  }

  valueAndGrads(f: (params: readonly Sym[]) => GradResult<Sym>, params: readonly Sym[]) {
    const { value, aux = {} } = f(params);
    return { value, grads: this.g.gradients(value, params), aux };
  }
}
