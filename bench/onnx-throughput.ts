import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import type { ModelInfo } from '../main/contract/channels';
import type { Generator } from '../main/engine/models/generator';
import { InferenceScheduler } from '../main/engine/render/inference-scheduler';
import { renderBatch } from '../main/engine/render/render-latents';
import { sampleNormalLatent } from '../main/engine/latent/prng';

export interface ThroughputRow {
  batch: number;
  engineImagesPerSec: number;
  rawImagesPerSec: number;
  /** engine / raw: 1.0 means no overhead; the foundation asks for >= 0.9 at batch 64. */
  ratio: number;
}

/** Times `step` (which produces `images` images) repeatedly for about `seconds`, after a warm-up. */
async function imagesPerSecond(
  step: () => Promise<void>,
  images: number,
  seconds: number,
): Promise<number> {
  for (let i = 0; i < 3; i++) await step();
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    await step();
    done += images;
  }
  return done / ((performance.now() - start) / 1000);
}

/**
 * Sampling throughput through the engine (latent packing, scheduler, generate, RGBA conversion)
 * against a bare onnxruntime session.run on the same model file, same threads, same batch.
 * Rounds alternate between the two so machine noise hits both alike.
 */
export async function onnxThroughput(
  model: ModelInfo,
  generator: Generator,
  batches: number[],
  seconds: number,
): Promise<ThroughputRow[]> {
  const session = await ort.InferenceSession.create(model.path, {
    executionProviders: ['cpu'],
    intraOpNumThreads: availableParallelism(),
    graphOptimizationLevel: 'all',
  });
  const inputName = session.inputNames[0]!;
  const dim = model.props.latentDim;
  const scheduler = new InferenceScheduler();
  const rows: ThroughputRow[] = [];
  for (const batch of batches) {
    const latents = Array.from({ length: batch }, (_, i) => sampleNormalLatent(i, dim));
    const packed = new Float32Array(batch * dim);
    latents.forEach((z, i) => packed.set(z, i * dim));
    const dims = [batch, ...model.props.latentShape.slice(1)];
    const raw = () =>
      session.run({ [inputName]: new ort.Tensor('float32', packed, dims) }).then(() => undefined);
    const engine = () =>
      renderBatch(generator, scheduler, latents, { chunkSize: batch }).then(() => undefined);
    let engineSum = 0;
    let rawSum = 0;
    for (let round = 0; round < 3; round++) {
      rawSum += await imagesPerSecond(raw, batch, seconds / 3);
      engineSum += await imagesPerSecond(engine, batch, seconds / 3);
    }
    const engineImagesPerSec = engineSum / 3;
    const rawImagesPerSec = rawSum / 3;
    rows.push({
      batch,
      engineImagesPerSec: Math.round(engineImagesPerSec),
      rawImagesPerSec: Math.round(rawImagesPerSec),
      ratio: Math.round((engineImagesPerSec / rawImagesPerSec) * 1000) / 1000,
    });
  }
  await session.release();
  return rows;
}
