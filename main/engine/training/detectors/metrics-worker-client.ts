import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MetricsRequest, MetricsResponse } from './metrics-worker-protocol';

/**
 * The FID/KID worker thread. Bundled, metrics-worker.mjs sits beside the training-process bundle;
 * from source (tests, tsx) the .ts file is loaded through tsx's loader, which worker threads do
 * not inherit from their process, hence the small bootstrap.
 */
function startWorker(): Worker {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'metrics-worker.mjs');
  if (existsSync(bundled)) return new Worker(bundled);
  const source = pathToFileURL(join(here, 'metrics-worker.ts')).href;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true });
}

export class MetricsWorker {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (r: MetricsResponse) => void; reject: (e: Error) => void }
  >();

  /** FID and KID of fake against real features (row-major, `dim` columns), computed off this thread. */
  async compute(
    dim: number,
    real: Float64Array,
    fake: Float64Array,
  ): Promise<{ fid: number; kid: { mean: number; std: number } }> {
    const worker = this.ensure();
    const id = (this.nextId += 1);
    const request: MetricsRequest = { id, dim, real, fake };
    const response = await new Promise<MetricsResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(request);
    });
    if ('error' in response) throw new Error(response.error);
    return response;
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker();
    worker.unref();
    worker.on('message', (r: MetricsResponse) => {
      this.pending.get(r.id)?.resolve(r);
      this.pending.delete(r.id);
    });
    const fail = (err: Error) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.worker = null;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The FID/KID worker stopped (exit code ${code}).`)));
    this.worker = worker;
    return worker;
  }
}
