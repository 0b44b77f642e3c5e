import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import type { TrainConfig } from '../main/contract/training-schemas';
import { scanFolder } from '../main/engine/dataset/scan-folder';
import type { ConvStackShape } from '../main/engine/training/conv-stack';
import { dcganGeneratorSpec } from '../main/engine/training/dcgan-spec';
import { defaultTrainConfig } from '../main/engine/training/defaults';
import { discriminatorForward, initDiscriminator } from '../main/engine/training/discriminator';
import { discriminatorLoss, generatorLoss } from '../main/engine/training/losses';
import { defaultWidth } from '../main/engine/training/models';
import {
  disposeParams,
  generatorForward,
  initGeneratorParams,
  NON_TRAINABLE,
  type Tf,
} from '../main/engine/training/spec-forward';
import { stepRng } from '../main/engine/training/step-rng';
import { train } from '../main/engine/training/trainer';
import { trainingRuntime } from '../main/engine/training/training-runtime';
import { workerCount } from '../main/engine/training/wasm/parallel-step';

export interface TrainThroughputResult {
  backend: string;
  /** What train() reported, e.g. 'tfjs 4.22.0 (wasm ×2 workers)'. */
  appBackend: string;
  /** Data-parallel replicas train() used (the bare loop is always one thread). */
  workers: number;
  cores: number;
  /** 1-minute load average before and after: the machine may be shared. */
  loadAverage: [number, number];
  size: number;
  batch: number;
  width: number;
  latentDim: number;
  /** Trainable parameters of generator + critic. */
  params: number;
  rounds: number;
  /** Steps timed (after warm-up), summed over rounds. */
  appSteps: number;
  bareSteps: number;
  appStepsPerSec: number;
  bareStepsPerSec: number;
  appImagesPerSec: number;
  bareImagesPerSec: number;
  /** app / bare steps per second (wall clock); the issue asks for >= 0.9. */
  ratio: number;
  /** CPU time of the whole process per step: less disturbed by neighbours than wall time. */
  appCpuMsPerStep: number;
  bareCpuMsPerStep: number;
  /** bare / app CPU per step: the ratio again, measured in CPU time. */
  cpuRatio: number;
}

/** AdamOptimizer.applyGradients is typed for a map of variables; the list form takes gradients. */
const named = (grads: TF.NamedTensorMap): { name: string; tensor: TF.Tensor }[] =>
  Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));

interface Sample {
  steps: number;
  ms: number;
  cpuMs: number;
}

const WARMUP = 2;
/** Timed steps per side, over all rounds: fewer say little about a rate. */
const MIN_TOTAL_STEPS = 20;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * GAN training throughput at 32 px with the app's default architecture and settings for a
 * 300-image folder, two ways on the same tfjs runtime (trainingRuntime: wasm with the training
 * kernels here):
 * - app: train() itself on `folder` (preprocessed cache + seeded prefetching loader, the project's
 *   Adam, moving batch-norm stats, previews at the default cadence; on wasm with ≥ 2 cores its
 *   default data-parallel worker replicas, one per core), stopped by its AbortSignal
 *   after the time budget; steps are timed between onProgress events after a warm-up, so model
 *   set-up, cache build and the checkpoint written on stop are outside the timing.
 * - bare: the same generatorForward / discriminatorForward and losses with tf.variableGrads and
 *   tf.train.adam on random in-memory batches in this one thread: no loader, no checkpoints, no
 *   previews, no workers (what a plain tfjs script gets from the same backend).
 * DiffAugment is off on both sides (the default turns it on below 1000 images; it is the same
 * tensor work on either side and would only dilute the overhead being measured).
 * Rounds alternate (bare-app, app-bare, …) so drift in machine load hits both alike.
 */
export async function trainThroughput(
  folder: string,
  secondsPerSide = 20,
  rounds = 2,
): Promise<TrainThroughputResult> {
  const runtime = await trainingRuntime();
  const { tf } = runtime;
  const scan = await scanFolder(folder);
  const config: TrainConfig = {
    ...defaultTrainConfig({ scan, family: 'gan', backend: runtime.backend }).config,
    steps: 10_000_000,
    diffAugment: false,
  };
  const width = defaultWidth(config.size);
  const loadBefore = loadavg()[0]!;
  const minSteps = Math.ceil(MIN_TOTAL_STEPS / rounds);
  let appBackend = '';
  const work = await mkdtemp(join(tmpdir(), 'latent-train-bench-'));
  const cacheDir = join(work, 'cache');
  const bare = createBareLoop(tf, config, width);
  const perRound = (secondsPerSide * 1000) / rounds;
  const app: Sample[] = [];
  const bareSamples: Sample[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? ['bare', 'app'] : ['app', 'bare'];
      for (const side of order) {
        if (side === 'bare') bareSamples.push(bare.round(perRound, minSteps));
        else {
          const out = join(work, `out-${r}`);
          const sample = await appRound(folder, out, cacheDir, config, runtime, perRound, minSteps);
          appBackend = sample.backend;
          app.push(sample);
        }
      }
    }
  } finally {
    bare.dispose();
    await rm(work, { recursive: true, force: true });
  }
  const sum = (s: Sample[]) =>
    s.reduce((a, b) => ({ steps: a.steps + b.steps, ms: a.ms + b.ms, cpuMs: a.cpuMs + b.cpuMs }));
  const a = sum(app);
  const b = sum(bareSamples);
  const appStepsPerSec = a.steps / (a.ms / 1000);
  const bareStepsPerSec = b.steps / (b.ms / 1000);
  const appCpuMsPerStep = a.cpuMs / a.steps;
  const bareCpuMsPerStep = b.cpuMs / b.steps;
  return {
    backend: runtime.backend,
    appBackend,
    workers: workerCount(runtime.backend, config.batch),
    cores: availableParallelism(),
    loadAverage: [round(loadBefore, 2), round(loadavg()[0]!, 2)],
    size: config.size,
    batch: config.batch,
    width,
    latentDim: config.latentDim,
    params: bare.params,
    rounds,
    appSteps: a.steps,
    bareSteps: b.steps,
    appStepsPerSec: round(appStepsPerSec, 2),
    bareStepsPerSec: round(bareStepsPerSec, 2),
    appImagesPerSec: Math.round(appStepsPerSec * config.batch),
    bareImagesPerSec: Math.round(bareStepsPerSec * config.batch),
    ratio: round(appStepsPerSec / bareStepsPerSec, 3),
    appCpuMsPerStep: Math.round(appCpuMsPerStep),
    bareCpuMsPerStep: Math.round(bareCpuMsPerStep),
    cpuRatio: round(bareCpuMsPerStep / appCpuMsPerStep, 3),
  };
}

/** One train() run in a fresh output folder, stopped through its signal once `ms` have been timed. */
async function appRound(
  folder: string,
  outDir: string,
  cacheDir: string,
  config: TrainConfig,
  runtime: { tf: Tf; backend: string },
  ms: number,
  minSteps: number,
): Promise<Sample & { backend: string }> {
  const stop = new AbortController();
  let seen = 0;
  let start: { t: number; cpu: number } | null = null;
  let last = { t: 0, cpu: 0 };
  let backend = '';
  await train({
    folder,
    cacheDir,
    outDir,
    config,
    runtime,
    signal: stop.signal,
    onProgress: (p) => {
      backend = p.backend;
      const now = { t: performance.now(), cpu: cpuMs() };
      seen += 1;
      if (seen === WARMUP) start = now;
      else if (start && seen > WARMUP) {
        last = now;
        if (now.t - start.t >= ms && seen - WARMUP >= minSteps) stop.abort();
      }
    },
  });
  if (!start) throw new Error('train() stopped before the warm-up was over.');
  const s: { t: number; cpu: number } = start;
  return { steps: seen - WARMUP, ms: last.t - s.t, cpuMs: last.cpu - s.cpu, backend };
}

/** The reference: a plain tfjs GAN loop on the app's networks and losses, tf.train.adam, no I/O. */
function createBareLoop(tf: Tf, config: TrainConfig, width: number) {
  const { size, channels, latentDim, batch, learningRate, loss } = config;
  const shape: ConvStackShape = { size, channels, width };
  const spec = dcganGeneratorSpec({ size, channels, latentDim, width });
  const rng = stepRng(config.seed, 0, 'init');
  const gen = initGeneratorParams(tf, spec, rng, 'bench-g');
  const d = initDiscriminator(tf, shape, rng);
  const gVars = Object.values(gen).flatMap((layer) =>
    Object.entries(layer)
      .filter(([key]) => !NON_TRAINABLE.has(key))
      .map(([, v]) => v),
  );
  const dVars = Object.values(d);
  const optD = tf.train.adam(learningRate, 0.5, 0.999, 1e-8);
  const optG = tf.train.adam(learningRate, 0.5, 0.999, 1e-8);
  const pixels = size * size * channels;
  const batches = Array.from({ length: 4 }, () =>
    Float32Array.from({ length: batch * pixels }, () => Math.random() * 2 - 1),
  );
  let i = 0;
  const step = () => {
    const real = tf.tensor4d(batches[i++ % batches.length]!, [batch, size, size, channels]);
    const zD = tf.randomNormal([batch, latentDim]);
    const fake = generatorForward(tf, spec, gen, zD, 'train');
    const dOut = tf.variableGrads(
      () =>
        discriminatorLoss(
          tf,
          loss,
          discriminatorForward(tf, d, shape, real),
          discriminatorForward(tf, d, shape, fake),
        ),
      dVars,
    );
    optD.applyGradients(named(dOut.grads));
    const dLoss = dOut.value.dataSync()[0];
    tf.dispose([real, zD, fake, dOut.value, ...Object.values(dOut.grads)]);
    const zG = tf.randomNormal([batch, latentDim]);
    const gOut = tf.variableGrads(
      () =>
        generatorLoss(
          tf,
          loss,
          discriminatorForward(tf, d, shape, generatorForward(tf, spec, gen, zG, 'train')),
        ),
      gVars,
    );
    optG.applyGradients(named(gOut.grads));
    const gLoss = gOut.value.dataSync()[0];
    tf.dispose([zG, gOut.value, ...Object.values(gOut.grads)]);
    if (!Number.isFinite(dLoss) || !Number.isFinite(gLoss))
      throw new Error('The bare training loop diverged.');
  };
  return {
    params: [...gVars, ...dVars].reduce((n, v: TF.Variable) => n + v.size, 0),
    round(ms: number, minSteps: number): Sample {
      for (let w = 0; w < WARMUP; w++) step();
      const t0 = performance.now();
      const c0 = cpuMs();
      let steps = 0;
      while (steps < minSteps || performance.now() - t0 < ms) {
        step();
        steps += 1;
      }
      return { steps, ms: performance.now() - t0, cpuMs: cpuMs() - c0 };
    },
    dispose() {
      disposeParams(gen);
      for (const v of dVars) v.dispose();
      optD.dispose();
      optG.dispose();
    },
  };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
