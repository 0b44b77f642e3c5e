import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackend, relativeMaxDiff, seeded } from './test-helpers';
import { wasmTrainingTf } from './wasm-runtime';

let tf: typeof TF;
beforeAll(async () => {
  tf = await wasmTrainingTf();
});

describe('replaced wasm DepthToSpace and LeakyRelu match cpu', () => {
  it.each([
    [2, 'NHWC'],
    [3, 'NHWC'],
    [2, 'NCHW'],
  ] as const)('depthToSpace block %i %s, and its gradient', async (b, format) => {
    const shape = format === 'NHWC' ? [3, 5, 4, 2 * b * b] : [3, 2 * b * b, 5, 4];
    const values = seeded(
      11,
      shape.reduce((x, y) => x * y),
    );
    const weights = seeded(12, values.length);
    const run = () => {
      const x = tf.tensor4d(values, shape as [number, number, number, number]);
      const y = tf.depthToSpace(x, b, format);
      // NCHW runs the original kernel (fallback); only its forward exists on cpu too.
      const g = tf.grad((t: TF.Tensor) =>
        tf.sum(tf.mul(tf.depthToSpace(t as TF.Tensor4D, b, format), tf.tensor(weights, y.shape))),
      )(x);
      return [y, g];
    };
    const ref = format === 'NCHW' ? null : await onBackend(tf, 'cpu', run);
    const got = await onBackend(tf, 'wasm', run);
    if (ref) got.forEach((v, i) => expect(relativeMaxDiff(ref[i]!, v)).toBe(0));
    // the gradient of a permutation under sum(w·y) is w permuted back: same multiset of values
    expect([...got[1]!].sort()).toEqual([...weights].sort());
  });

  it.each([0.2, 0, 1.5])('leakyRelu alpha %f', async (alpha) => {
    const values = seeded(13, 2 * 7 * 7 * 5);
    const run = () => [tf.leakyRelu(tf.tensor(values, [2, 7, 7, 5]), alpha)];
    const [ref] = await onBackend(tf, 'cpu', run);
    const [got] = await onBackend(tf, 'wasm', run);
    expect(relativeMaxDiff(ref!, got!)).toBeLessThanOrEqual(1e-7);
  });
});
