import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { DataParallelPool } from '../main/engine/training/wasm/data-parallel';
import { createDcganTask, type DcganConfig } from '../main/engine/training/wasm/dcgan-task';
import { FlatAdam } from '../main/engine/training/wasm/flat-adam';
import { paramCount, runLocal } from '../main/engine/training/wasm/grad-task';
import { seeded, tsxWorker } from '../main/engine/training/wasm/test-helpers';
import { wasmTrainingTf } from '../main/engine/training/wasm/wasm-runtime';

/**
 * Training throughput of a DCGAN-like step (32×32, batch 32) on tfjs-wasm: in the main thread,
 * and data-parallel over 1 and 2 worker replicas (gradients summed in shared memory, Adam on the
 * main thread). `npx tsx bench/train-cores.ts` or import trainCoresBench(). Wall-clock figures
 * need idle cores: on a loaded box compare cpuMsPerImage and projectedSpeedup instead.
 */
export interface Rate {
  /** Images per second through a full step (grads of critic and generator + Adam), best round. */
  imagesPerSec: number;
  /** CPU time of the whole process (all threads) per image: overhead shows up here even when
   * other processes compete for the cores and wall-clock figures are noisy. */
  cpuMsPerImage: number;
}
export interface TrainCoresResult {
  cores: number;
  loadAverage: number;
  batch: number;
  params: number;
  mainThread: Rate;
  workers1: Rate;
  workers2: Rate;
  /** One worker on half the batch: what each replica does in the 2-worker step. */
  workers1HalfBatch: Rate;
  /** workers2 / mainThread images per second, as measured. */
  speedup: number;
  /**
   * The 2-worker speedup if each replica gets a whole core: 2 × main-thread CPU per image over
   * 2-worker CPU per image (CPU time is what contention from other processes disturbs least).
   */
  projectedSpeedup: number;
}

type Step = () => Promise<void>;

async function measure(step: Step, batch: number, seconds: number): Promise<Rate> {
  let images = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    await step();
    images += batch;
  }
  const used = process.cpuUsage(cpu);
  return {
    imagesPerSec: images / ((performance.now() - start) / 1000),
    cpuMsPerImage: (used.user + used.system) / 1000 / images,
  };
}

/** Rounds alternate between the set-ups so load from other processes hits all alike. */
export async function trainCoresBench(
  seconds = Number(process.env.BENCH_SECONDS ?? 6),
  rounds = 2,
  batch = 32,
  config: DcganConfig = { latentDim: 64, width: 16 },
): Promise<TrainCoresResult> {
  const tf = await wasmTrainingTf();
  const task = createDcganTask(tf, config);
  const params = seeded(1, paramCount(task)).map((v) => v * 0.05);
  const inputs = [seeded(2, batch * 32 * 32 * 3), seeded(3, batch * (config.latentDim ?? 64))];
  const half = Math.floor(batch / 2);
  const halfInputs = inputs.map((data) => data.slice(0, (data.length / batch) * half));
  const adam = new FlatAdam(params.length, 2e-4, 0.5);
  const { entry, workerOptions } = tsxWorker(
    new URL('../main/engine/training/wasm/dcgan.worker.ts', import.meta.url),
  );
  const [one, two] = [
    await DataParallelPool.create({ workers: 1, entry, workerOptions, config }),
    await DataParallelPool.create({ workers: 2, entry, workerOptions, config }),
  ];
  const pooled = (pool: DataParallelPool, data: Float32Array[], count: number) => async () =>
    adam.step(params, (await pool.grads(params, data, count)).grads);
  const setups: [Step, number][] = [
    [async () => adam.step(params, runLocal(tf, task, params, inputs, batch).grads), batch],
    [pooled(one, inputs, batch), batch],
    [pooled(two, inputs, batch), batch],
    [pooled(one, halfInputs, half), half],
  ];
  for (const [step] of setups) await step(); // warm-up: XNNPACK operator setup, wasm heap growth
  const best: Rate[] = setups.map(() => ({ imagesPerSec: 0, cpuMsPerImage: Infinity }));
  for (let r = 0; r < rounds; r++) {
    for (const [i, [step, count]] of setups.entries()) {
      const rate = await measure(step, count, seconds);
      if (rate.imagesPerSec > best[i]!.imagesPerSec) best[i] = rate;
    }
  }
  await Promise.all([one.dispose(), two.dispose()]);
  const round = (v: number) => Math.round(v * 100) / 100;
  const [mainThread, workers1, workers2, workers1HalfBatch] = best.map((b) => ({
    imagesPerSec: round(b.imagesPerSec),
    cpuMsPerImage: round(b.cpuMsPerImage),
  })) as [Rate, Rate, Rate, Rate];
  return {
    cores: availableParallelism(),
    loadAverage: round(loadavg()[0]!),
    batch,
    params: params.length,
    mainThread,
    workers1,
    workers2,
    workers1HalfBatch,
    speedup: round(workers2.imagesPerSec / mainThread.imagesPerSec),
    projectedSpeedup: round((2 * mainThread.cpuMsPerImage) / workers2.cpuMsPerImage),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log('DCGAN-like training step, 32×32, batch 32, tfjs-wasm: images/s');
  const result = await trainCoresBench();
  console.log(JSON.stringify(result, null, 2));
}
