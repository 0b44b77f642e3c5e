import type * as TF from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../main/engine/latent/prng';
import { dcganGeneratorSpec } from '../../main/engine/training/dcgan-spec';
import {
  applyMovingStats,
  depthToSpaceNhwc,
  disposeParams,
  generatorForward,
  initGeneratorParams,
  paramsToWeights,
  weightsToParams,
  type MovingStatUpdate,
} from '../../main/engine/training/spec-forward';
import { cpuTf } from './tf-cpu';

const spec = dcganGeneratorSpec({ size: 32, channels: 3, latentDim: 16, width: 8 });

describe('spec-forward', () => {
  it('depthToSpaceNhwc matches tf.depthToSpace (TensorFlow DCR order)', async () => {
    const tf = await cpuTf();
    const x = tf.randomNormal([2, 3, 3, 8], 0, 1, 'float32', 1);
    const ours = await depthToSpaceNhwc(tf, x, 2).data();
    const theirs = await tf.depthToSpace(x as never, 2, 'NHWC').data();
    expect(Array.from(ours)).toEqual(Array.from(theirs));
  });

  it('builds a 32px dcgan that maps z to images in [-1, 1], deterministic from the seed', async () => {
    const tf = await cpuTf();
    const a = initGeneratorParams(tf, spec, createRng(7));
    const b = initGeneratorParams(tf, spec, createRng(7));
    const z = tf.randomNormal([2, 16], 0, 1, 'float32', 3);
    const out = generatorForward(tf, spec, a, z, 'infer');
    expect(out.shape).toEqual([2, 32, 32, 3]);
    const values = await out.data();
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(1);
    expect(Array.from(await generatorForward(tf, spec, b, z, 'infer').data())).toEqual(
      Array.from(values),
    );
    disposeParams(a);
    disposeParams(b);
  });

  it('train mode uses batch moments and moves the running stats only when applied', async () => {
    const tf = await cpuTf();
    const params = initGeneratorParams(tf, spec, createRng(1));
    const z = tf.randomNormal([4, 16], 0, 1, 'float32', 5);
    const sink: MovingStatUpdate[] = [];
    const { grads } = tf.variableGrads(() =>
      tf.mean<TF.Scalar>(generatorForward(tf, spec, params, z, 'train', sink)),
    );
    expect(Object.keys(grads).some((k) => k.includes('movingMean'))).toBe(false);
    expect(Object.keys(grads).length).toBeGreaterThan(10);
    const before = Array.from(params[2]!.movingMean!.dataSync());
    expect(sink.length).toBe(4);
    applyMovingStats(tf, params, sink);
    expect(Array.from(params[2]!.movingMean!.dataSync())).not.toEqual(before);
    tf.dispose(grads);
    disposeParams(params);
  });

  it('round-trips weights through paramsToWeights / weightsToParams', async () => {
    const tf = await cpuTf();
    const params = initGeneratorParams(tf, spec, createRng(9));
    const weights = paramsToWeights(params);
    expect(weights[0]!.kernel!.shape).toEqual([16, 4 * 4 * 16]);
    const back = weightsToParams(tf, spec, weights, 'copy');
    const z = tf.randomNormal([1, 16], 0, 1, 'float32', 2);
    const x = await generatorForward(tf, spec, params, z, 'infer').data();
    const y = await generatorForward(tf, spec, back, z, 'infer').data();
    expect(Array.from(y)).toEqual(Array.from(x));
    disposeParams(params);
    disposeParams(back);
  });
});
