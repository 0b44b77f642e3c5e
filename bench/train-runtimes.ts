import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TrainConfig } from '../main/contract/training-schemas';
import { createRng } from '../main/engine/latent/prng';
import { memorySource } from '../main/engine/training/data-source';
import { createFamily } from '../main/engine/training/families/family';
import { OrtStepRunner } from '../main/engine/training/runtime/ort-step-runner';
import { train, type TrainOptions } from '../main/engine/training/trainer';
import { tempDir, tinyConfig } from '../test/training/fixtures';

/**
 * Training speed (issue 8): steps/s of the app's train() on onnxruntime and on tfjs-wasm, of the
 * same compiled step in a bare onnxruntime loop (the raw runtime), and of a PyTorch CPU loop of
 * the same architecture (bench/pytorch/train_loop.py, Debian python3-torch) at 1 and 2 threads,
 * all in one run, with ratios, peak RSS and the load average. Batches come from an in-memory
 * loader of random images: the figure is the training step, not image decoding.
 */
export interface RuntimeCase {
  name: 'dcgan32' | 'dcgan64' | 'vae';
  config: TrainConfig;
  width: number;
}

export const CASES: RuntimeCase[] = [
  {
    name: 'dcgan32',
    config: tinyConfig({
      family: 'gan',
      size: 32,
      channels: 1,
      batch: 64,
      latentDim: 128,
      learningRate: 2e-4,
      diffAugment: false,
    }),
    width: 64,
  },
  {
    name: 'dcgan64',
    config: tinyConfig({
      family: 'gan',
      size: 64,
      channels: 3,
      batch: 64,
      latentDim: 128,
      learningRate: 2e-4,
      diffAugment: false,
    }),
    width: 64,
  },
  {
    name: 'vae',
    config: tinyConfig({
      family: 'vae',
      size: 32,
      channels: 1,
      batch: 32,
      latentDim: 64,
      learningRate: 1e-3,
    }),
    width: 48,
  },
];

function randomImages(c: TrainConfig, count: number): Uint8Array[] {
  const rng = createRng(7);
  return Array.from({ length: count }, () =>
    Uint8Array.from({ length: c.size * c.size * c.channels }, () => rng.nextUint32() & 255),
  );
}

/** app train(): steps/s from step `warmup` to the end (compile and warm-up excluded), peak RSS. */
async function appSteps(
  rc: RuntimeCase,
  runtime: TrainOptions['runtime'],
  warmup: number,
  timed: number,
) {
  const config = {
    ...rc.config,
    steps: warmup + timed,
    previewEvery: 1_000_000,
    checkpointEvery: 1_000_000,
  };
  let start = 0;
  let cpuAtStart = process.cpuUsage();
  let rss = 0;
  let label = '';
  const run = await train({
    loader: memorySource(randomImages(config, 256), config.size, config.channels, 1),
    config,
    width: rc.width,
    outDir: await tempDir(`bench-${rc.name}`),
    runtime,
    ...(runtime === 'tfjs' && { backend: 'wasm' as const }),
    onProgress: (p) => {
      if (p.step === warmup) {
        start = performance.now();
        cpuAtStart = process.cpuUsage();
      }
      rss = Math.max(rss, process.memoryUsage().rss);
      label = p.backend;
    },
  });
  const sec = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    runtime: label,
    state: run.state,
    stepsPerSec: timed / sec,
    // CPU time of the whole process per step (all threads): comparable to PyTorch's cpuMsPerStep.
    cpuMsPerStep: Math.round((cpu.user + cpu.system) / 1000 / timed),
    timedSteps: timed,
    peakRssMb: Math.round(rss / 1e6),
  };
}

/** The same compiled step, bare: OrtStepRunner fed one fixed batch, nothing else. */
async function rawOrtSteps(rc: RuntimeCase, warmup: number, timed: number) {
  const family = createFamily({ config: rc.config, width: rc.width, reconstruction: 'bce' });
  const runner = await OrtStepRunner.create(family.program, rc.config.batch, family.initialState());
  const per = rc.config.size * rc.config.size * rc.config.channels;
  const inputs = family.batchInputs(
    new Float32Array(rc.config.batch * per).fill(0.1),
    rc.config.batch,
    0,
  );
  const scalars = family.scalars(
    0,
    Object.fromEntries(Object.keys(family.optimizers).map((r) => [r, 1])),
  );
  for (let i = 0; i < warmup; i++) await runner.step(inputs, scalars);
  const t = performance.now();
  for (let i = 0; i < timed; i++) await runner.step(inputs, scalars);
  const stepsPerSec = timed / ((performance.now() - t) / 1000);
  await runner.dispose();
  return { stepsPerSec, timedSteps: timed };
}

type TorchResult = Record<string, unknown>;

async function pytorchLoops(
  root: string,
  seconds: number,
): Promise<TorchResult | { skipped: string }> {
  const script = join(root, 'bench', 'pytorch', 'train_loop.py');
  if (!existsSync('/usr/bin/python3'))
    return { skipped: 'no /usr/bin/python3 (Debian python3-torch)' };
  try {
    const { stdout } = await promisify(execFile)(
      '/usr/bin/python3',
      [script, '--threads', '1,2', '--models', 'dcgan32,dcgan64,vae', '--seconds', String(seconds)],
      { maxBuffer: 1 << 24, timeout: 3_600_000 },
    );
    return JSON.parse(stdout) as TorchResult;
  } catch (err) {
    return {
      skipped: `the PyTorch loop did not run: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    };
  }
}

/** The fastest thread count's steps/s of the PyTorch loop for one model (null when it did not run). */
function pytorchBest(torch: TorchResult | { skipped: string }, model: string): number | null {
  const results = (torch as { results?: { model: string; stepsPerSec: number }[] }).results ?? [];
  const rates = results.filter((r) => r.model === model).map((r) => r.stepsPerSec);
  return rates.length > 0 ? Math.max(...rates) : null;
}

export async function trainRuntimesBench(root: string, seconds: number) {
  const load = () => Math.round(loadavg()[0]! * 100) / 100;
  const loadBefore = load();
  const torch = await pytorchLoops(root, seconds);
  const cases = [];
  for (const rc of CASES) {
    console.log(`  ${rc.name}: onnxruntime…`);
    const ort = await appSteps(rc, 'ort', 3, rc.name === 'dcgan64' ? 15 : 30);
    const raw = await rawOrtSteps(rc, 3, rc.name === 'dcgan64' ? 15 : 30);
    console.log(`  ${rc.name}: tfjs-wasm…`);
    const wasm = await appSteps(rc, 'tfjs', 1, rc.name === 'dcgan64' ? 2 : 4);
    const torchBest = pytorchBest(torch, rc.name);
    cases.push({
      name: rc.name,
      batch: rc.config.batch,
      size: rc.config.size,
      channels: rc.config.channels,
      width: rc.width,
      appOnnxruntime: ort,
      rawOnnxruntime: raw,
      appTfjsWasm: wasm,
      pytorchBest: torchBest,
      ratios: {
        appOrtVsPytorchBest: torchBest ? ort.stepsPerSec / torchBest : null,
        appOrtVsTfjsWasm: ort.stepsPerSec / wasm.stepsPerSec,
        appOrtVsRawOrt: ort.stepsPerSec / raw.stepsPerSec,
      },
    });
  }
  return { loadAverage: [loadBefore, load()], pytorch: torch, cases };
}
