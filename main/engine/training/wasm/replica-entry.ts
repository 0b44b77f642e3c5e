import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WorkerEntry {
  entry: string;
  workerOptions?: { eval: true };
}

/**
 * Worker options that run a .ts worker entry from source (tests, tsx). Node 20 workers do not
 * honour execArgv ['--import', 'tsx'] for a .ts entry (the entry resolves before the hooks load),
 * so start from a tiny eval'd bootstrap that registers tsx, then imports the entry.
 */
export function tsxWorker(tsEntry: URL): { entry: string; workerOptions: { eval: true } } {
  const api = import.meta.resolve('tsx/esm/api');
  const entry = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(tsEntry.href)}); })`;
  return { entry, workerOptions: { eval: true } };
}

/**
 * Where the trainer's replica worker is. Bundled, this module is inside dist/cli/train-process.mjs
 * (or latent-studio.mjs) and the worker is dist/cli/train-replica.mjs beside it (scripts/build.mjs)
 * in the CLI, the browser shell and Electron's utilityProcess alike; a packaged app's unpacked
 * copy is preferred when present. From source it is the .ts entry, run through tsx.
 */
export function replicaWorkerEntry(): WorkerEntry {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'train-replica.mjs');
  const unpacked = bundled.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
  if (unpacked !== bundled && existsSync(unpacked)) return { entry: unpacked };
  if (existsSync(bundled)) return { entry: bundled };
  return tsxWorker(new URL('./train-replica.worker.ts', import.meta.url));
}
