import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { StudioError } from '../../contract/channels';
import type { OffloadTasks, OffloadTask } from './offload-tasks';
import type { OffloadRequest, OffloadResponse } from './offload-worker';

/**
 * The offload thread's entry. Bundled, offload-worker.mjs sits beside the CLI bundle (dist/cli);
 * the Electron main bundle (dist/electron) finds it there too. From source (tests, tsx) the .ts
 * file is loaded through tsx, which worker threads do not inherit, hence the bootstrap.
 */
function startWorker(): Worker {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const bundled of [
    join(here, 'offload-worker.mjs'),
    join(here, '..', 'cli', 'offload-worker.mjs'),
  ]) {
    // Packaged, worker files are unpacked from the asar (electron-builder.yml: asarUnpack).
    const unpacked = bundled.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
    if (existsSync(unpacked)) return new Worker(unpacked);
    if (existsSync(bundled)) return new Worker(bundled);
  }
  const source = pathToFileURL(join(here, 'offload-worker.ts')).href;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true });
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = startWorker();
  w.on('message', (r: OffloadResponse) => {
    const p = pending.get(r.id);
    pending.delete(r.id);
    if (pending.size === 0) w.unref();
    if (!p) return;
    if (r.ok) p.resolve(r.value);
    else p.reject(r.code ? new StudioError(r.code, r.message) : new Error(r.message));
  });
  const fail = (why: string) => {
    if (worker === w) worker = null;
    const all = [...pending.values()];
    pending.clear();
    for (const p of all) p.reject(new StudioError('INTERNAL', why));
  };
  w.on('error', (err) => fail(`The file-reading thread failed: ${err.message}`));
  w.on('exit', (code) => fail(`The file-reading thread stopped (exit code ${code}).`));
  worker = w;
  return w;
}

/**
 * Runs a parsing task on the offload thread (one, started on first use and kept while the process
 * lives; idle, it does not keep the process alive). A crashed thread fails only the tasks it was
 * running, in words; the next task starts a new one.
 */
export function offload<T extends OffloadTask>(
  task: T,
  ...args: Parameters<OffloadTasks[T]>
): Promise<Awaited<ReturnType<OffloadTasks[T]>>> {
  const w = ensureWorker();
  const id = (nextId += 1);
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    w.ref();
    const request: OffloadRequest = { id, task, args };
    w.postMessage(request);
  });
}

/** Stops the offload thread (tests, shutdown); a later task starts a new one. */
export async function stopOffload(): Promise<void> {
  const w = worker;
  worker = null;
  await w?.terminate();
}
