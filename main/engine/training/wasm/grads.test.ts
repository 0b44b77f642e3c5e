import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackend, relativeMaxDiff, seeded } from './test-helpers';
import { wasmTrainingTf } from './wasm-runtime';

/**
 * End to end: a tiny net touching every op our GAN/VAE generators and critics use, differentiated
 * on wasm and on cpu. This is what fails on stock tfjs 4.22 wasm (no Conv2DBackpropFilter) and
 * everywhere for depthToSpace (no gradient).
 */
let tf: typeof TF;
beforeAll(async () => {
  tf = await wasmTrainingTf();
});

const shapes: Record<string, number[]> = {
  w1: [4, 4, 3, 8], // 4×4 stride-2 critic-style conv
  w2: [1, 1, 8, 16], // sub-pixel: 1×1 conv then depthToSpace(2)
  w3: [3, 3, 4, 3],
  wt: [3, 3, 3, 3], // conv2dTranspose: forward runs Conv2DBackpropInput
  gamma: [4],
  beta: [4],
  embed: [5, 3], // class embedding: gather's gradient needs UnsortedSegmentSum
  dense: [3 * 8 * 8 * 3, 1],
};
const names = Object.keys(shapes);

function loss(p: Record<string, TF.Tensor>, x: TF.Tensor4D, labels: TF.Tensor1D): TF.Scalar {
  const h1 = tf.leakyRelu(tf.conv2d(x, p.w1 as TF.Tensor4D, 2, 'same'), 0.2); // [4,4,4,8]
  const h2 = tf.depthToSpace(tf.conv2d<TF.Tensor4D>(h1, p.w2 as TF.Tensor4D, 1, 'same'), 2); // [4,8,8,4]
  const { mean, variance } = tf.moments(h2, [0, 1, 2]);
  const bn = tf.batchNorm(h2, mean, variance, p.beta, p.gamma, 1e-3);
  const h3 = tf.tanh(tf.conv2d(bn as TF.Tensor4D, p.w3 as TF.Tensor4D, 1, 'same'));
  const up = tf.conv2dTranspose(h3, p.wt as TF.Tensor4D, [4, 8, 8, 3], 1, 'same');
  const cond = tf.gather(p.embed!, labels).reshape([4, 1, 1, 3]);
  const feats = tf.concat([h3, tf.sigmoid(up), tf.add(up, cond)], 3).reshape([4, -1]);
  const logits = tf.matMul(feats, p.dense as TF.Tensor2D);
  return tf.add(tf.mean(tf.softplus(tf.neg(logits))), tf.mul(0.01, tf.mean(tf.square(p.w1!))));
}

function inputs() {
  const x = tf.tensor4d(seeded(7, 4 * 8 * 8 * 3), [4, 8, 8, 3]);
  const labels = tf.tensor1d([0, 3, 3, 1], 'int32');
  const params = Object.fromEntries(
    names.map((n, i) => [
      n,
      tf.tensor(
        seeded(
          20 + i,
          shapes[n]!.reduce((a, b) => a * b),
        ),
        shapes[n],
      ),
    ]),
  );
  return { x, labels, params };
}

describe('training on wasm', () => {
  it('tf.grads of a conv / depthToSpace / batch-norm / embedding net equals cpu', async () => {
    const grads = () => {
      const { x, labels, params } = inputs();
      const f = (...ts: TF.Tensor[]) =>
        loss(Object.fromEntries(names.map((n, i) => [n, ts[i]!])), x, labels);
      return tf.grads(f)(names.map((n) => params[n]!));
    };
    const ref = await onBackend(tf, 'cpu', grads);
    const got = await onBackend(tf, 'wasm', grads);
    names.forEach((n, i) => {
      expect(relativeMaxDiff(ref[i]!, got[i]!), n).toBeLessThanOrEqual(1e-4);
    });
  });

  it('Adam steps give the same weights as cpu and leak nothing', async () => {
    const train = () => {
      const { x, labels, params } = inputs();
      const vars = Object.fromEntries(names.map((n) => [n, tf.variable(params[n]!)]));
      const adam = tf.train.adam(1e-2);
      for (let step = 0; step < 3; step++) adam.minimize(() => loss(vars, x, labels));
      const values = names.map((n) => vars[n]!.clone());
      adam.dispose();
      Object.values(vars).forEach((v) => v.dispose());
      return values;
    };
    const ref = await onBackend(tf, 'cpu', train);
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const got = await onBackend(tf, 'wasm', train);
    expect(tf.memory().numTensors).toBe(before);
    names.forEach((n, i) => {
      expect(relativeMaxDiff(ref[i]!, got[i]!), n).toBeLessThanOrEqual(1e-4);
    });
  });
});
