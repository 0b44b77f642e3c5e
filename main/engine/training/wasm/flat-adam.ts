/**
 * Adam over one flat Float32Array of parameters, on the main thread of a data-parallel run.
 * Plain JS: one pass over ~10⁶ floats costs a few ms, far below a step, and keeps the main
 * thread free of a tfjs backend. Same update as tf.train.adam (bias-corrected moments,
 * epsilon outside the square root).
 */
export class FlatAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;

  constructor(
    size: number,
    private readonly learningRate = 1e-3,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  /** Updates `params` in place from `grads`. */
  step(params: Float32Array, grads: Float32Array): void {
    this.t++;
    const { m, v, beta1: b1, beta2: b2 } = this;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i]!;
      const mi = (m[i] = b1 * m[i]! + (1 - b1) * g);
      const vi = (v[i] = b2 * v[i]! + (1 - b2) * g * g);
      params[i]! -= (this.learningRate * (mi / c1)) / (Math.sqrt(vi / c2) + this.epsilon);
    }
  }
}
