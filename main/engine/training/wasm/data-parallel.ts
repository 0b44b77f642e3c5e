import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './grad-worker';
import { sizeOf } from './grad-task';

/**
 * Data-parallel gradients over worker threads, each a tfjs-wasm replica on one core (tfjs-wasm's
 * own threads are off in Node). Per step the main thread writes the parameters into shared
 * memory, sends each worker its slice of the batch, and sums the workers' size-weighted gradient
 * slots: the mean-loss gradient of the whole batch. The optimizer (FlatAdam) stays here.
 */
export interface DataParallelOptions {
  workers: number;
  /** Worker entry calling serveGradTask(): a bundled .cjs in the app; tests use tsxWorker(). */
  entry: string | URL;
  /** Extra worker options (e.g. eval: true when `entry` is bootstrap code). */
  workerOptions?: Omit<WorkerOptions, 'workerData'>;
  /** Passed to the task factory in every worker. */
  config?: unknown;
}

interface Replica {
  worker: Worker;
  grads: Float32Array;
  pending: { resolve: (loss: number) => void; reject: (e: Error) => void } | null;
}

export class DataParallelPool {
  private constructor(
    private readonly replicas: Replica[],
    private readonly params: Float32Array,
    readonly paramShapes: number[][],
    readonly inputShapes: number[][],
  ) {}

  static async create(options: DataParallelOptions): Promise<DataParallelPool> {
    const started = Array.from({ length: options.workers }, () => {
      const worker = new Worker(options.entry, { ...options.workerOptions, workerData: { config: options.config } });
      return new Promise<{ worker: Worker; ready: Extract<FromWorker, { type: 'ready' }> }>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', (m: FromWorker) => {
          if (m.type === 'ready') resolve({ worker, ready: m });
          else reject(new Error(`grad worker failed to start: ${m.type === 'error' ? m.message : m.type}`));
        });
      });
    });
    const settled = await Promise.allSettled(started);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) {
      // Do not leave the replicas that did start running without an owner.
      await Promise.all(settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value.worker.terminate()] : [])));
      throw failed.reason;
    }
    const workers = settled.map((r) => (r as PromiseFulfilledResult<Awaited<(typeof started)[number]>>).value);
    const { paramCount, paramShapes, inputShapes } = workers[0]!.ready;
    const params = new Float32Array(new SharedArrayBuffer(paramCount * 4));
    const replicas = workers.map(({ worker }) => {
      const grads = new SharedArrayBuffer(paramCount * 4);
      worker.postMessage({ type: 'buffers', params: params.buffer, grads } satisfies ToWorker);
      const replica: Replica = { worker, grads: new Float32Array(grads), pending: null };
      worker.on('message', (m: FromWorker) => {
        const p = replica.pending;
        replica.pending = null;
        if (m.type === 'done') p?.resolve(m.loss);
        else if (m.type === 'error') p?.reject(new Error(m.message));
      });
      worker.on('error', (e) => replica.pending?.reject(e));
      // A replica that dies (e.g. wasm out of memory) must fail the step, not hang it.
      worker.on('exit', (code) => replica.pending?.reject(new Error(`grad worker exited with code ${code}`)));
      return replica;
    });
    return new DataParallelPool(replicas, params, paramShapes, inputShapes);
  }

  get size(): number {
    return this.replicas.length;
  }

  /**
   * Mean-loss gradient of a batch of `count` samples; `inputs[i]` holds count × inputShapes[i]
   * values. Splits as evenly as possible; workers left without samples sit the step out.
   * One step at a time: the shared parameter and gradient buffers belong to the step in flight.
   */
  async grads(params: Float32Array, inputs: Float32Array[], count: number): Promise<{ loss: number; grads: Float32Array }> {
    this.params.set(params);
    const per = this.inputShapes.map(sizeOf);
    const active = this.replicas.slice(0, Math.min(this.replicas.length, count));
    const losses = active.map((r, w) => {
      const from = Math.floor((w * count) / active.length);
      const to = Math.floor(((w + 1) * count) / active.length);
      // slice(), not subarray(): posting a view would clone the whole underlying buffer.
      const shard = inputs.map((data, i) => data.slice(from * per[i]!, to * per[i]!));
      const message: ToWorker = { type: 'step', inputs: shard, count: to - from, weight: (to - from) / count };
      return new Promise<number>((resolve, reject) => {
        r.pending = { resolve, reject };
        r.worker.postMessage(message, shard.map((s) => s.buffer));
      });
    });
    const loss = (await Promise.all(losses)).reduce((a, b) => a + b, 0);
    const grads = new Float32Array(this.params.length);
    for (const r of active) for (let i = 0; i < grads.length; i++) grads[i]! += r.grads[i]!;
    return { loss, grads };
  }

  async dispose(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.worker.terminate()));
  }
}
