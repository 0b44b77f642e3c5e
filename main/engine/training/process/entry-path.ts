import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TrainingEntry {
  entry: string;
  execArgv: string[];
}

/**
 * Where the training process's entry is. Bundled (dist/cli), it sits beside the CLI bundle as
 * train-process.mjs; from source (tests, tsx) it is the .ts entry, run through tsx. Electron
 * passes its own entry (and a utilityProcess spawner) instead.
 */
export function defaultTrainingEntry(): TrainingEntry {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'train-process.mjs');
  if (existsSync(bundled)) return { entry: bundled, execArgv: [] };
  return { entry: join(here, 'train-process.ts'), execArgv: ['--import', 'tsx'] };
}
