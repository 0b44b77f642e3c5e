import type * as TF from '@tensorflow/tfjs';
import { criticGrads, generatorGrads, vaeGrads } from '../model-steps';
import { createModels, type ModelSetup } from '../models';
import type { MovingStatUpdate } from '../spec-forward';
import type { ShardTask, ShardTaskFactory } from './grad-task';
import { paramLayout, readParams, writeGrads, writeMoments } from './param-layout';

/**
 * One worker replica of the trainer's models: the same createModels, the same gradient passes
 * (model-steps.ts) as the in-process step, on this worker's shard of the batch.
 * Phases and their inputs (all drawn by the main thread for the whole batch, then sliced):
 *   'd'   real images, z of the fakes, augmentation of reals, of fakes → critic gradients
 *   'g'   z, augmentation                                                → generator gradients + BN moments
 *   'vae' images, ε                                                      → all gradients + BN moments
 * Batch norm normalises with this shard's own statistics ("ghost batch norm"; see the README).
 */
export interface ReplicaConfig {
  setup: ModelSetup;
}

export const createTrainingReplica: ShardTaskFactory = (tf: typeof TF, raw: unknown): ShardTask => {
  const { setup } = raw as ReplicaConfig;
  const m = createModels(tf, setup, { optimizers: false });
  const layout = paramLayout(m);
  const { size, channels } = m.shape;
  const { latentDim } = setup.config;
  return {
    paramCount: layout.paramCount,
    slotSize: layout.slotSize,
    run(params, inputs, count, weight, phase, slot) {
      readParams(tf, layout, m, params);
      const images = (data: Float32Array) => tf.tensor4d(data, [count, size, size, channels]);
      const latents = (data: Float32Array) => tf.tensor2d(data, [count, latentDim]);
      const input = (i: number) => {
        const data = inputs[i];
        if (!data) throw new Error(`Phase ${phase} is missing input ${i}.`);
        return data;
      };
      const sink: MovingStatUpdate[] = [];
      const held: TF.Tensor[] = [];
      try {
        if (phase === 'd') {
          const x = images(input(0));
          const z = latents(input(1));
          held.push(x, z);
          const out = criticGrads(tf, m, x, z, input(2), input(3));
          held.push(...Object.values(out.grads));
          writeGrads(layout, out.grads, weight, slot);
          return [out.value * weight];
        }
        if (phase === 'g') {
          const z = latents(input(0));
          held.push(z);
          const out = generatorGrads(tf, m, z, input(1), sink);
          held.push(...Object.values(out.grads));
          writeGrads(layout, out.grads, weight, slot);
          writeMoments(layout, sink, slot);
          return [out.value * weight];
        }
        if (phase === 'vae') {
          const x = images(input(0));
          const eps = latents(input(1));
          held.push(x, eps);
          const out = vaeGrads(tf, m, x, eps, sink);
          held.push(...Object.values(out.grads));
          writeGrads(layout, out.grads, weight, slot);
          writeMoments(layout, sink, slot);
          const { loss, recon, kl } = out.values;
          return [loss ?? NaN, recon ?? NaN, kl ?? NaN].map((v) => v * weight);
        }
        throw new Error(`Unknown training phase "${phase}".`);
      } finally {
        tf.dispose(held);
        for (const u of sink) tf.dispose([u.mean, u.variance]);
      }
    },
  };
};
