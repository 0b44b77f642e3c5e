import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { alphasCumprodOf } from '../main/engine/diffusion/noise-schedule';
import { samplingTimesteps } from '../main/engine/diffusion/timesteps';
import { toRgbaFrames } from '../main/engine/image/pixels';
import { sampleNormalLatent } from '../main/engine/latent/prng';
import { isDiffusionModel } from '../main/engine/models/diffusion-model';
import { loadGenerator } from '../main/engine/models/load-generator';
import { InferenceScheduler } from '../main/engine/render/inference-scheduler';
import { renderBatch } from '../main/engine/render/render-latents';

/**
 * Diffusion sampling throughput: DDIM, 50 steps, eta 0, 32×32 RGB, batch 16, on the fixture
 * U-Net (test/fixtures/diffusion/unet-rgb32-int64.onnx, diffusers UNet2DModel I/O). The engine
 * path (renderBatch: x_T packing, one scheduler task per step, diffusers-exact DDIM update, x0
 * clipping, RGBA conversion) against a bare loop: the same session options, session.run per
 * step and the DDIM update written inline on preallocated arrays. Rounds alternate.
 */
export interface DiffusionBenchResult {
  model: string;
  sampler: 'ddim';
  steps: number;
  batch: number;
  size: number;
  engineImagesPerSec: number;
  rawImagesPerSec: number;
  /** engine / raw: 1.0 means the engine adds nothing. */
  ratio: number;
  engineSecondsPerBatch: number;
  /** The proof of same work: the largest share of an image's bytes off by more than one level. */
  worstShareOfBytesOffByMoreThanOneLevel: number;
}

const MODEL = join(
  import.meta.dirname,
  '..',
  'test',
  'fixtures',
  'diffusion',
  'unet-rgb32-int64.onnx',
);

async function rate(step: () => Promise<void>, images: number, seconds: number): Promise<number> {
  let done = 0;
  const start = performance.now();
  do {
    await step();
    done += images;
  } while (performance.now() - start < seconds * 1000);
  return done / ((performance.now() - start) / 1000);
}

export async function diffusionBench(
  seconds: number,
  batch = 16,
  steps = 50,
): Promise<DiffusionBenchResult> {
  const model = await loadGenerator(MODEL);
  if (!isDiffusionModel(model)) throw new Error(`${MODEL} did not open as a diffusion model`);
  const { channels, width, height, latentDim } = model.props;
  const config = model.diffusion.scheduler;
  const latents = Array.from({ length: batch }, (_, i) => sampleNormalLatent(i, latentDim));
  const scheduler = new InferenceScheduler();
  const sampling = { sampler: 'ddim' as const, steps, eta: 0 };
  const engineStep = async () =>
    void (await renderBatch(model, scheduler, latents, { chunkSize: batch, sampling }));

  const session = await ort.InferenceSession.create(MODEL, {
    executionProviders: ['cpu'],
    intraOpNumThreads: availableParallelism(),
    graphOptimizationLevel: 'all',
  });
  const alphas = alphasCumprodOf(config);
  const timesteps = samplingTimesteps(config, steps);
  const jump = Math.floor(config.num_train_timesteps / steps);
  const xT = new Float32Array(batch * latentDim);
  latents.forEach((z, i) => xT.set(z, i * latentDim));
  const x = new Float32Array(xT.length);
  const tIn = new BigInt64Array(batch);
  const rawStep = async () => {
    x.set(xT);
    for (const t of timesteps) {
      tIn.fill(BigInt(t));
      const out = await session.run({
        sample: new ort.Tensor('float32', x, [batch, channels, height, width]),
        timestep: new ort.Tensor('int64', tIn, [batch]),
      });
      const eps = out[session.outputNames[0]!]!.data as Float32Array;
      const at = alphas[t]!;
      const ap = t - jump >= 0 ? alphas[t - jump]! : 1;
      const [sa, sb, sap, sbp] = [
        Math.sqrt(at),
        Math.sqrt(1 - at),
        Math.sqrt(ap),
        Math.sqrt(1 - ap),
      ];
      for (let i = 0; i < x.length; i++) {
        const x0 = Math.min(1, Math.max(-1, (x[i]! - sb * eps[i]!) / sa));
        x[i] = sap * x0 + sbp * eps[i]!;
      }
    }
  };

  // Warm-up, and a check that both loops do the same work, reported rather than enforced: this
  // fixture's random U-Net clips x0 at nearly every pixel on its first steps, so float rounding
  // between the two loops flips some clips and whole pixels differ (about a sixth of the bytes).
  const engineImages = await renderBatch(model, scheduler, latents, { chunkSize: batch, sampling });
  await rawStep();
  const rawImages = toRgbaFrames(x, batch, model.props);
  let worstShareOff = 0;
  engineImages.forEach((image, i) => {
    const off = image.rgba.reduce(
      (n, v, k) => n + (Math.abs(v - rawImages[i]![k]!) > 1 ? 1 : 0),
      0,
    );
    worstShareOff = Math.max(worstShareOff, off / image.rgba.length);
  });
  const engine: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < 3; round++) {
    raw.push(await rate(rawStep, batch, seconds / 3));
    engine.push(await rate(engineStep, batch, seconds / 3));
  }
  await session.release();
  await model.dispose();
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const r = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
  return {
    model: 'test/fixtures/diffusion/unet-rgb32-int64.onnx',
    sampler: 'ddim',
    steps,
    batch,
    size: width,
    engineImagesPerSec: r(mean(engine)),
    rawImagesPerSec: r(mean(raw)),
    ratio: r(mean(engine) / mean(raw), 3),
    engineSecondsPerBatch: r(batch / mean(engine), 3),
    worstShareOfBytesOffByMoreThanOneLevel: r(worstShareOff, 4),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  console.log(await diffusionBench(Number(process.env.BENCH_SECONDS ?? 6)));
}
