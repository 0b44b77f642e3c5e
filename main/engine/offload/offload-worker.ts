/**
 * The offload thread (bundled as dist/cli/offload-worker.mjs): parsing of untrusted files — PNG
 * metadata, ONNX graphs — runs here, so a huge or hostile file can slow only this thread, never the
 * server's loop or Electron's main thread. Errors cross back as their code and words.
 */
import { parentPort } from 'node:worker_threads';
import { StudioError } from '../../contract/channels';
import { offloadTasks, type OffloadTask } from './offload-tasks';

export interface OffloadRequest {
  id: number;
  task: OffloadTask;
  args: unknown[];
}
export type OffloadResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; code: StudioError['code'] | null; message: string };

parentPort?.on('message', (request: OffloadRequest) => {
  void (async () => {
    let response: OffloadResponse;
    try {
      const run = offloadTasks[request.task] as (...args: unknown[]) => unknown;
      response = { id: request.id, ok: true, value: await run(...request.args) };
    } catch (err) {
      response = {
        id: request.id,
        ok: false,
        code: err instanceof StudioError ? err.code : null,
        message: err instanceof Error ? err.message : String(err),
      };
    }
    parentPort?.postMessage(response);
  })();
});
