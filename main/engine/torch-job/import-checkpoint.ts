import { access, cp, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { StudioError } from '../../contract/channels';
import {
  readNets,
  readTensors,
  stepDirName,
  METRICS_FILE,
  type TrainingSnapshot,
} from '../training/checkpoint';
import { verifyFolder } from '../training/checkpoint-files';
import { metricsLogPath } from '../training/detectors/metrics-log';
import { createFamily } from '../training/families/family';
import type { JobDataIndex } from './job-data';

/**
 * `import-checkpoint`: a checkpoint written elsewhere (the PyTorch job's out/, another machine)
 * becomes the newest checkpoint of an app run folder, so `train --resume` (or the Train screen's
 * resume) continues it exactly. It is checked first: the manifest verifies, the networks are the
 * ones this version builds for the run's settings, and the state holds every tensor of the step.
 */
export interface ImportedCheckpoint {
  checkpoint: string;
  step: number;
  family: string;
  /** The image folder the run trains on, when the job that wrote it says so. */
  folder: string | null;
  resume: string;
}

const REQUIRED = ['nets.json', 'tensors.json', 'tensors.bin', 'state.json'];
const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );
const stepOf = (name: string) => (/^step-(\d+)$/.exec(name) ? Number(name.slice(5)) : -1);

/** A checkpoint folder as given, or a run folder's newest checkpoint that verifies. */
async function pickCheckpoint(source: string): Promise<string> {
  if (await exists(join(source, 'manifest.json'))) return source;
  const root = join(source, 'checkpoints');
  const names = (await readdir(root).catch(() => []))
    .filter((n) => stepOf(n) >= 0)
    .sort((a, b) => stepOf(b) - stepOf(a));
  for (const name of names)
    if (typeof (await verifyFolder(join(root, name), REQUIRED)) !== 'string')
      return join(root, name);
  throw new StudioError('NOT_FOUND', `${source} holds no checkpoint that verifies.`);
}

/** The image folder named by the job that wrote this checkpoint (<job>/data/index.json). */
async function jobFolder(checkpoint: string): Promise<string | null> {
  const index = join(dirname(dirname(dirname(checkpoint))), 'data', 'index.json');
  try {
    return (JSON.parse(await readFile(index, 'utf8')) as JobDataIndex).folder;
  } catch {
    return null;
  }
}

export async function importCheckpoint(
  source: string,
  runDir: string,
): Promise<ImportedCheckpoint> {
  const dir = await pickCheckpoint(resolve(source));
  const verdict = await verifyFolder(dir, REQUIRED);
  if (typeof verdict === 'string')
    throw new StudioError('BAD_FILE', `${dir} cannot be imported: ${verdict}.`);
  const snapshot = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as TrainingSnapshot;
  const family = createFamily(snapshot.setup);
  if (JSON.stringify(await readNets(dir)) !== JSON.stringify(family.nets))
    throw new StudioError(
      'BAD_FILE',
      `${dir} holds networks this version does not build for its settings, so the app cannot resume it.`,
    );
  const { state } = await readTensors(dir);
  for (const [name, shape] of Object.entries(family.program.stateShapes)) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (state[name]?.length !== size)
      throw new StudioError('BAD_FILE', `${dir} has no ${name} of ${size} values.`);
  }
  const run = resolve(runDir);
  const root = join(run, 'checkpoints');
  const target = join(root, stepDirName(snapshot.step));
  if (resolve(dir) !== target) {
    const newer = (await readdir(root).catch(() => [])).filter((n) => stepOf(n) >= snapshot.step);
    if (newer.length > 0)
      throw new StudioError(
        'BAD_REQUEST',
        `${run} already holds ${newer.join(', ')}, at or after step ${snapshot.step}: resume would not start from the imported one. Import into a new folder (nothing was changed).`,
      );
    await mkdir(root, { recursive: true });
    const tmp = join(root, `.tmp-import-${snapshot.step}`);
    await rm(tmp, { recursive: true, force: true });
    await cp(dir, tmp, { recursive: true });
    await rename(tmp, target);
    // The detector history travels with it, so live charts continue where they were.
    if (!(await exists(metricsLogPath(run))) && (await exists(join(target, METRICS_FILE))))
      await cp(join(target, METRICS_FILE), metricsLogPath(run));
  }
  const folder = await jobFolder(dir);
  const { config } = snapshot.setup;
  return {
    checkpoint: target,
    step: snapshot.step,
    family: config.family,
    folder,
    resume: `latent-studio train ${folder ?? 'FOLDER'} --family ${config.family} --size ${config.size} --out ${run} --resume --steps ${Math.max(config.steps, snapshot.step + 1)}`,
  };
}

export const describeImported = (r: ImportedCheckpoint): string =>
  `Imported ${basename(r.checkpoint)} (${r.family.toUpperCase()}, step ${r.step}) as ${r.checkpoint}.\nResume it: ${r.resume}`;
