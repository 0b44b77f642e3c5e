import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './grad-worker';

/**
 * Data-parallel work over worker threads, each a tfjs-wasm replica on one core (tfjs-wasm's own
 * threads are off in Node). Per step the main thread writes the parameters into shared memory,
 * sends each worker its slice of the batch, and reads the workers' shared output slots: for a
 * mean-over-samples loss, the size-weighted gradient slots sum to the whole batch's gradient.
 * The optimiser stays on the main thread.
 */
export interface DataParallelOptions {
  workers: number;
  /** Worker entry calling serveShardTask(): a bundled .mjs in the app; tests use tsxWorker(). */
  entry: string | URL;
  /** Extra worker options (e.g. eval: true when `entry` is bootstrap code). */
  workerOptions?: Omit<WorkerOptions, 'workerData'>;
  /** Passed to the task factory in every worker. */
  config?: unknown;
}

/** One worker's part of a step: its weighted scalars, its output slot, its share of the batch. */
export interface ShardOutput {
  values: number[];
  slot: Float32Array;
  count: number;
  weight: number;
}

interface Replica {
  worker: Worker;
  slot: Float32Array;
  pending: { resolve: (values: number[]) => void; reject: (e: Error) => void } | null;
}

type Ready = Extract<FromWorker, { type: 'ready' }>;

async function startWorkers(
  options: DataParallelOptions,
): Promise<{ worker: Worker; ready: Ready }[]> {
  const started = Array.from({ length: options.workers }, () => {
    const worker = new Worker(options.entry, {
      ...options.workerOptions,
      workerData: { config: options.config },
    });
    return new Promise<{ worker: Worker; ready: Ready }>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (m: FromWorker) => {
        if (m.type === 'ready') resolve({ worker, ready: m });
        else
          reject(
            new Error(
              `A training worker failed to start: ${m.type === 'error' ? m.message : m.type}`,
            ),
          );
      });
    });
  });
  const settled = await Promise.allSettled(started);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) {
    // Do not leave the replicas that did start running without an owner.
    await Promise.all(
      settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value.worker.terminate()] : [])),
    );
    throw failed.reason;
  }
  return settled.map((r) => (r as PromiseFulfilledResult<{ worker: Worker; ready: Ready }>).value);
}

export class DataParallelPool {
  private constructor(
    private readonly replicas: Replica[],
    /** The shared parameter vector the workers read at each step. */
    readonly params: Float32Array,
  ) {}

  static async create(options: DataParallelOptions): Promise<DataParallelPool> {
    const workers = await startWorkers(options);
    const { paramCount, slotSize } = workers[0]!.ready;
    const params = new Float32Array(new SharedArrayBuffer(paramCount * 4));
    const replicas = workers.map(({ worker }) => {
      const slot = new SharedArrayBuffer(slotSize * 4);
      worker.postMessage({
        type: 'buffers',
        params: params.buffer,
        slot,
      } satisfies ToWorker);
      const replica: Replica = { worker, slot: new Float32Array(slot), pending: null };
      worker.on('message', (m: FromWorker) => {
        const p = replica.pending;
        replica.pending = null;
        if (m.type === 'done') p?.resolve(m.values);
        else if (m.type === 'error') p?.reject(new Error(`A training worker failed: ${m.message}`));
      });
      worker.on('error', (e) => replica.pending?.reject(e));
      // A replica that dies (e.g. wasm out of memory) must fail the step, not hang it.
      worker.on('exit', (code) =>
        replica.pending?.reject(new Error(`A training worker exited with code ${code}.`)),
      );
      return replica;
    });
    return new DataParallelPool(replicas, params);
  }

  get size(): number {
    return this.replicas.length;
  }

  /**
   * Runs `phase` on a batch of `count` samples with the parameters now in `this.params`;
   * `inputs[i]` holds count × (per-sample size) values (an empty array stays empty in every
   * shard). Splits as evenly as possible, in order; workers left without samples sit the step
   * out. One step at a time: the shared buffers belong to the step in flight.
   */
  async run(inputs: Float32Array[], count: number, phase = ''): Promise<ShardOutput[]> {
    const per = inputs.map((data) => data.length / count);
    const active = this.replicas.slice(0, Math.min(this.replicas.length, count));
    const shards = active.map((r, w) => {
      const from = Math.floor((w * count) / active.length);
      const to = Math.floor(((w + 1) * count) / active.length);
      // slice(), not subarray(): posting a view would clone the whole underlying buffer.
      const shard = inputs.map((data, i) => data.slice(from * per[i]!, to * per[i]!));
      const weight = (to - from) / count;
      const message: ToWorker = { type: 'step', phase, inputs: shard, count: to - from, weight };
      return new Promise<ShardOutput>((resolve, reject) => {
        r.pending = {
          resolve: (values) => resolve({ values, slot: r.slot, count: to - from, weight }),
          reject,
        };
        r.worker.postMessage(
          message,
          shard.map((s) => s.buffer),
        );
      });
    });
    return Promise.all(shards);
  }

  /** Mean-loss gradient of a batch for a single-phase task (slot = gradient vector). */
  async grads(
    params: Float32Array,
    inputs: Float32Array[],
    count: number,
  ): Promise<{ loss: number; grads: Float32Array }> {
    this.params.set(params);
    const shards = await this.run(inputs, count);
    const grads = sumSlots(shards, 0, this.params.length);
    return { loss: shards.reduce((a, s) => a + (s.values[0] ?? Number.NaN), 0), grads };
  }

  async dispose(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.worker.terminate()));
  }
}

/** Slots summed over [from, to), in worker order (so a sum is the same at every step). */
export function sumSlots(shards: ShardOutput[], from: number, to: number): Float32Array {
  const out = new Float32Array(to - from);
  for (const s of shards) {
    const slot = s.slot;
    for (let i = 0; i < out.length; i++) out[i]! += slot[from + i]!;
  }
  return out;
}
