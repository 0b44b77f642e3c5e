import type * as TF from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataParallelPool } from './data-parallel';
import { createDcganTask, type DcganConfig } from './dcgan-task';
import { FlatAdam } from './flat-adam';
import { paramCount, runLocal } from './grad-task';
import { relativeMaxDiff, seeded, tsxWorker } from './test-helpers';
import { wasmTrainingTf } from './wasm-runtime';

const config: DcganConfig = { latentDim: 16, width: 4 };
// The .ts entry runs under tsx in tests; the app passes its esbuild-bundled entry instead.
const { entry, workerOptions } = tsxWorker(new URL('./dcgan.worker.ts', import.meta.url));

let tf: typeof TF;
const pools: DataParallelPool[] = [];
beforeAll(async () => {
  tf = await wasmTrainingTf();
  for (const workers of [1, 2])
    pools.push(await DataParallelPool.create({ workers, entry, workerOptions, config }));
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.dispose()));
});

function batch(count: number, seed: number) {
  const params = seeded(seed, paramCount(createDcganTask(tf, config))).map((v) => v * 0.2);
  const inputs = [seeded(seed + 1, count * 32 * 32 * 3), seeded(seed + 2, count * 16)];
  return { params, inputs };
}

describe('DataParallelPool', () => {
  it.each([6, 5])(
    '2-worker gradients equal 1-worker and in-process gradients (batch %i)',
    async (count) => {
      const { params, inputs } = batch(count, 100 + count);
      const local = runLocal(tf, createDcganTask(tf, config), params, inputs, count);
      const one = await pools[0]!.grads(params, inputs, count);
      const two = await pools[1]!.grads(params, inputs, count);
      expect(relativeMaxDiff(local.grads, one.grads)).toBeLessThanOrEqual(1e-5);
      expect(relativeMaxDiff(one.grads, two.grads)).toBeLessThanOrEqual(1e-5);
      expect(Math.abs(one.loss - two.loss)).toBeLessThanOrEqual(1e-5 * Math.abs(one.loss));
      // every parameter tensor gets a gradient (the flat vector is not mostly zeros)
      expect(two.grads.filter((g) => g !== 0).length).toBeGreaterThan(two.grads.length * 0.5);
    },
  );

  it('trains: Adam steps on the averaged gradients keep the loss finite and moving', async () => {
    const { params, inputs } = batch(4, 7);
    const adam = new FlatAdam(params.length, 1e-3);
    const first = await pools[1]!.grads(params, inputs, 4);
    adam.step(params, first.grads);
    let last = first.loss;
    for (let i = 0; i < 5; i++) {
      const { loss, grads } = await pools[1]!.grads(params, inputs, 4);
      adam.step(params, grads);
      last = loss;
    }
    expect(Number.isFinite(last)).toBe(true);
    expect(last).not.toBe(first.loss);
  });

  it('fails cleanly when a replica cannot start', async () => {
    const broken = DataParallelPool.create({
      workers: 2,
      entry: 'throw new Error("no task here")',
      workerOptions: { eval: true },
    });
    await expect(broken).rejects.toThrow('no task here');
  });
});

describe('FlatAdam', () => {
  it('matches tf.train.adam', async () => {
    await tf.setBackend('cpu');
    const start = seeded(1, 50);
    const grads = [seeded(2, 50), seeded(3, 50), seeded(4, 50)];
    const flat = Float32Array.from(start);
    const adam = new FlatAdam(50, 0.01);
    grads.forEach((g) => adam.step(flat, g));
    const v = tf.variable(tf.tensor1d(start));
    const opt = tf.train.adam(0.01);
    for (const g of grads) opt.applyGradients([{ name: v.name, tensor: tf.tensor1d(g) }]);
    expect(relativeMaxDiff(v.dataSync() as Float32Array, flat)).toBeLessThanOrEqual(1e-5);
    opt.dispose();
    v.dispose();
    await tf.setBackend('wasm');
  });
});
