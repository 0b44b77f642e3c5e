import type * as TF from '@tensorflow/tfjs';
import type { NamedParams, StoredTensor } from './named-params';
import type { Tf } from './spec-forward';

export interface AdamOptions {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** Serialisable Adam state: first and second moments by stable parameter name, and the step count. */
export interface AdamState {
  t: number;
  m: Record<string, StoredTensor>;
  v: Record<string, StoredTensor>;
}

/**
 * Adam (Kingma & Ba) over named variables. Written here rather than tf.train.adam because its
 * moments are hidden in the optimiser and cannot be restored exactly; here m, v and t are plain
 * state that a checkpoint saves and a resume puts back bit for bit.
 */
export class Adam {
  private t = 0;
  private readonly m: Record<string, TF.Variable> = {};
  private readonly v: Record<string, TF.Variable> = {};

  constructor(
    private readonly tf: Tf,
    private readonly params: NamedParams,
    private readonly options: AdamOptions,
  ) {
    for (const [name, p] of Object.entries(params)) {
      // In a tidy: tf.variable references its initial tensor, which must be freed on its own.
      this.m[name] = tf.tidy(() => tf.variable(tf.zerosLike(p), false));
      this.v[name] = tf.tidy(() => tf.variable(tf.zerosLike(p), false));
    }
  }

  /** Applies one update; `grads` is keyed by stable name (missing names are left unchanged). */
  apply(grads: Record<string, TF.Tensor>): void {
    const { tf, options } = this;
    const { beta1, beta2, epsilon, learningRate } = options;
    this.t += 1;
    const c1 = 1 - Math.pow(beta1, this.t);
    const c2 = 1 - Math.pow(beta2, this.t);
    tf.tidy(() => {
      for (const [name, p] of Object.entries(this.params)) {
        const g = grads[name];
        const m = this.m[name];
        const v = this.v[name];
        if (!g || !m || !v) continue;
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const step = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), epsilon));
        p.assign(tf.sub(p, tf.mul(step, learningRate)));
      }
    });
  }

  state(): AdamState {
    const read = (r: Record<string, TF.Variable>) =>
      Object.fromEntries(
        Object.entries(r).map(([k, x]) => [
          k,
          { shape: [...x.shape], data: Float32Array.from(x.dataSync() as Float32Array) },
        ]),
      );
    return { t: this.t, m: read(this.m), v: read(this.v) };
  }

  restore(state: AdamState): void {
    this.t = state.t;
    for (const [table, stored] of [
      [this.m, state.m],
      [this.v, state.v],
    ] as const) {
      for (const [name, variable] of Object.entries(table)) {
        const s = stored[name];
        if (!s) throw new Error(`The optimiser state has no moment for ${name}.`);
        this.tf.tidy(() => variable.assign(this.tf.tensor(s.data, variable.shape)));
      }
    }
  }

  dispose(): void {
    for (const x of [...Object.values(this.m), ...Object.values(this.v)]) x.dispose();
  }
}
