import { parentPort, workerData } from 'node:worker_threads';
import { gradTaskAsShardTask, type GradTaskFactory, type ShardTaskFactory } from './grad-task';
import { wasmTrainingTf } from './wasm-runtime';

/**
 * The worker side of data-parallel.ts. A worker entry file is just
 *   serveShardTask(createMyTask);   (or serveGradTask for a plain GradTask)
 * so the built app bundles one entry with esbuild, and tests run the .ts entry through tsx.
 * Each worker owns a tfjs-wasm replica (one core: wasm threads are off in Node).
 *
 * 'buffers' hands over shared memory once the main thread knows the sizes: the parameters
 * (written by the main thread before each step) and this worker's output slot (read by the main
 * thread after it). Only shard inputs travel per step; `phase` picks what the task computes.
 */
export type ToWorker =
  | { type: 'buffers'; params: SharedArrayBuffer; slot: SharedArrayBuffer }
  | { type: 'step'; phase: string; inputs: Float32Array[]; count: number; weight: number };
export type FromWorker =
  | { type: 'ready'; paramCount: number; slotSize: number }
  | { type: 'done'; values: number[] }
  | { type: 'error'; message: string };

export async function serveShardTask(factory: ShardTaskFactory): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveShardTask must run in a worker thread');
  const send = (m: FromWorker) => port.postMessage(m);
  try {
    const tf = await wasmTrainingTf();
    const task = factory(tf, (workerData as { config: unknown }).config);
    let params: Float32Array<ArrayBufferLike> = new Float32Array(0);
    let slot: Float32Array<ArrayBufferLike> = new Float32Array(0);
    port.on('message', (m: ToWorker) => {
      if (m.type === 'buffers') {
        params = new Float32Array(m.params);
        slot = new Float32Array(m.slot);
        return;
      }
      try {
        const values = task.run(params, m.inputs, m.count, m.weight, m.phase, slot);
        send({ type: 'done', values });
      } catch (e) {
        send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    });
    send({ type: 'ready', paramCount: task.paramCount, slotSize: task.slotSize });
  } catch (e) {
    send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

export function serveGradTask(factory: GradTaskFactory): Promise<void> {
  return serveShardTask((tf, config) => gradTaskAsShardTask(tf, factory(tf, config)));
}
