import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError } from '../../contract/channels';
import { GENERATOR_SPEC_FILE } from '../generator-spec/spec-file';

const NETS_FILE = 'nets.json';

const isFile = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

/** A model folder holds nets.json (this version) or generator-spec.json (older runs). */
const isModelFolder = async (dir: string) =>
  (await isFile(join(dir, NETS_FILE))) || (await isFile(join(dir, GENERATOR_SPEC_FILE)));

/**
 * The trained-model folder behind what the user gave: a model folder itself (it holds nets.json,
 * or generator-spec.json for older runs), or a finished run's folder (its `model/`). An unfinished
 * run, or any other folder, is refused with the folder to give instead.
 */
export async function resolveTrainedModelFolder(dir: string): Promise<string> {
  if (await isModelFolder(dir)) return dir;
  const model = join(dir, 'model');
  if (await isModelFolder(model)) return model;
  const checkpoints = await readdir(join(dir, 'checkpoints')).catch(() => [] as string[]);
  const newest = checkpoints.filter((n) => /^step-\d+$/.test(n)).sort();
  const last = newest.at(-1);
  if (last)
    throw new StudioError(
      'NOT_FOUND',
      `${dir} is a training run that has not finished (it has no model/ folder yet): give its newest checkpoint, ${join(dir, 'checkpoints', last)}, or finish the run with --resume.`,
    );
  throw new StudioError(
    'NOT_FOUND',
    `${dir} is not a trained model: give a finished run's folder or its model/ folder (the one holding ${NETS_FILE}).`,
  );
}
