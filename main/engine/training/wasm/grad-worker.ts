import { parentPort, workerData } from 'node:worker_threads';
import { paramCount, runShard, type GradTaskFactory } from './grad-task';
import { wasmTrainingTf } from './wasm-runtime';

/**
 * The worker side of data-parallel.ts. A worker entry file is just
 *   serveGradTask(createMyTask);
 * so the built app can bundle one entry per model family with esbuild, and tests run the .ts
 * entry through tsx. Each worker owns a tfjs-wasm replica (one core: wasm threads are off in Node).
 *
 * 'buffers' hands over shared memory once the main thread knows the parameter count: the
 * parameters (written by the main thread before each step) and this worker's gradient slot
 * (read by the main thread after it). Only shard inputs travel per step.
 */
export type ToWorker =
  | { type: 'buffers'; params: SharedArrayBuffer; grads: SharedArrayBuffer }
  | { type: 'step'; inputs: Float32Array[]; count: number; weight: number };
export type FromWorker =
  | { type: 'ready'; paramCount: number; paramShapes: number[][]; inputShapes: number[][] }
  | { type: 'done'; loss: number }
  | { type: 'error'; message: string };

export async function serveGradTask(factory: GradTaskFactory): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveGradTask must run in a worker thread');
  const send = (m: FromWorker) => port.postMessage(m);
  try {
    const tf = await wasmTrainingTf();
    const task = factory(tf, (workerData as { config: unknown }).config);
    let params: Float32Array<ArrayBufferLike> = new Float32Array(0);
    let grads: Float32Array<ArrayBufferLike> = new Float32Array(0);
    port.on('message', (m: ToWorker) => {
      if (m.type === 'buffers') {
        params = new Float32Array(m.params);
        grads = new Float32Array(m.grads);
        return;
      }
      try {
        const loss = runShard(tf, task, params, m.inputs, m.count, m.weight, grads);
        send({ type: 'done', loss });
      } catch (e) {
        send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    });
    send({ type: 'ready', paramCount: paramCount(task), paramShapes: task.paramShapes, inputShapes: task.inputShapes });
  } catch (e) {
    send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}
