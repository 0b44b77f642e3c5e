import { cp, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { StudioError } from '../../contract/channels';
import { APP_VERSION } from '../app-version';
import { writeFileAtomic } from '../io/atomic-write';
import { writeCheckpoint } from '../training/checkpoint';
import { copyMetricsLog, metricsLogPath } from '../training/detectors/metrics-log';
import { createFamily } from '../training/families/family';
import { generateNetworks } from './generate-networks';
import { openRunCache, writeJobData, type DataMode } from './job-data';
import { jobReadme, launchCommands, type LaunchCommands } from './job-readme';
import { startFromConfig, startFromRun, type JobStart } from './job-source';

/**
 * `export-job`: a training run as a self-contained PyTorch job folder.
 *
 *   train.py, latent_job/       the runtime (assets/torch-job/, the same for every job)
 *   networks.py                 one nn.Module per network, generated from the run's NetSpecs
 *   job.json                    the step's semantics: family, losses, Adam settings, augmentation,
 *                               seeds, batch, steps, checkpoint schedule, the networks
 *   data/                       index.json (+ images.shard when copied): the app's prepared images
 *   out/checkpoints/step-K/     the start, in the app's checkpoint format: the job continues it
 *   out/metrics.jsonl           the run's detector history, carried into the job's checkpoints
 *   README.md                   exact launch commands (one GPU, several GPUs, several nodes)
 * Everything is written into a temp folder beside --out and renamed at the end.
 */
export interface ExportJobOptions {
  /** An app run folder (its newest good checkpoint), or a settings file (a fresh start). */
  runDir?: string;
  configFile?: string;
  /** The image folder (required with a settings file that names none; else found in the run's cache). */
  folder?: string;
  out: string;
  data?: DataMode;
  /** Train until this step (default: the run's configured total). */
  steps?: number;
  /** The app's assets folder (holds torch-job/). */
  assetsDir: string;
  onNotice?: (message: string) => void;
}

export interface ExportJobResult {
  dir: string;
  family: string;
  startStep: number;
  steps: number;
  batch: number;
  networks: Record<string, number>;
  data: { mode: DataMode; images: number; trained: number; shard: string };
  commands: LaunchCommands;
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  return entries.length === 0;
}

async function resolveStart(o: ExportJobOptions, notice: (m: string) => void): Promise<JobStart> {
  if (o.runDir && o.configFile)
    throw new StudioError('BAD_REQUEST', 'Give a run folder or --config, not both.');
  if (o.runDir) return startFromRun(resolve(o.runDir), notice);
  if (o.configFile) return startFromConfig(resolve(o.configFile));
  throw new StudioError('BAD_REQUEST', 'export-job needs a run folder or --config FILE.');
}

export async function exportTorchJob(o: ExportJobOptions): Promise<ExportJobResult> {
  const notice = o.onNotice ?? (() => undefined);
  const out = resolve(o.out);
  if (!(await isEmptyOrMissing(out)))
    throw new StudioError(
      'BAD_REQUEST',
      `${out} is not empty: choose a new folder for the job (nothing was overwritten).`,
    );
  const start = await resolveStart(o, notice);
  const { config } = start.setup;
  const family = createFamily(start.setup);
  const steps = o.steps ?? config.steps;
  if (!Number.isInteger(steps) || steps < 1)
    throw new StudioError('BAD_REQUEST', `--steps must be a whole number ≥ 1, not ${steps}.`);
  // Generated first: an unknown layer kind fails before anything is written.
  const networks = generateNetworks(config.family, start.nets);
  const mode = o.data ?? 'copy';
  const runDir = o.runDir ? resolve(o.runDir) : null;
  const folder = o.folder ? resolve(o.folder) : start.folder ? resolve(start.folder) : null;
  if (!runDir && !folder)
    throw new StudioError(
      'BAD_REQUEST',
      'A job from a settings file needs the image folder: --folder DIR (or "folder" in the file).',
    );
  if (!runDir && mode === 'reference')
    throw new StudioError(
      'BAD_REQUEST',
      '--data reference needs a run folder (its prepared images); a job from a settings file copies them.',
    );

  await mkdir(dirname(out), { recursive: true });
  const tmp = join(dirname(out), `.${basename(out)}.tmp-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp);
  try {
    const cacheDir = runDir ? join(runDir, 'cache') : join(tmp, 'data', 'cache');
    const cache = await openRunCache(cacheDir, config, folder, notice);
    const data = await writeJobData(tmp, cache, config, mode);
    if (!runDir) await rm(join(tmp, 'data', 'cache'), { recursive: true, force: true });
    await writeFileAtomic(join(tmp, 'data', 'index.json'), `${JSON.stringify(data)}\n`);

    const runOut = join(tmp, 'out');
    if (start.checkpointDir) {
      const target = join(runOut, 'checkpoints', basename(start.checkpointDir));
      await cp(start.checkpointDir, target, { recursive: true });
      await copyMetricsLog(metricsLogPath(runDir!), metricsLogPath(runOut), start.snapshot.step);
    } else
      await writeCheckpoint(
        runOut,
        { nets: start.nets, shapes: family.program.stateShapes, state: start.state },
        start.snapshot,
        config.keepCheckpoints,
      );

    await cp(join(o.assetsDir, 'torch-job', 'latent_job'), join(tmp, 'latent_job'), {
      recursive: true,
      filter: (src) => !src.includes('__pycache__'),
    });
    await cp(join(o.assetsDir, 'torch-job', 'train.py'), join(tmp, 'train.py'));
    await writeFile(join(tmp, 'networks.py'), networks);
    const job = {
      format: 'latent-studio-torch-job',
      version: 1,
      exportedBy: `Latent Studio ${APP_VERSION}`,
      family: config.family,
      seed: config.seed,
      latentDim: config.latentDim,
      size: config.size,
      channels: config.channels,
      batch: config.batch,
      steps,
      loss: config.loss,
      diffAugment: config.diffAugment,
      vaeBeta: config.vaeBeta,
      reconstruction: start.setup.reconstruction,
      // GANs: the EMA's half-life share (families/family.ts); null keeps a pre-ramp run's schedule.
      emaRamp: start.setup.ganEmaRamp ?? null,
      checkpointEvery: config.checkpointEvery,
      keepCheckpoints: config.keepCheckpoints,
      optimizers: family.optimizers,
      nets: start.nets,
      data: { mode },
      source: {
        run: runDir,
        checkpoint: start.checkpointDir,
        config: o.configFile ? resolve(o.configFile) : null,
        step: start.snapshot.step,
      },
    };
    await writeFileAtomic(join(tmp, 'job.json'), `${JSON.stringify(job, null, 2)}\n`);
    const commands = launchCommands(out, config.batch);
    await writeFileAtomic(
      join(tmp, 'README.md'),
      jobReadme({ out, family: config.family, start: start.snapshot.step, steps, data, commands }),
    );
    await rename(tmp, out).catch(async (err: NodeJS.ErrnoException) => {
      // An empty --out that exists: move the contents in instead.
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
      await rm(out, { recursive: true });
      await rename(tmp, out);
    });
    return {
      dir: out,
      family: config.family,
      startStep: start.snapshot.step,
      steps,
      batch: config.batch,
      networks: Object.fromEntries(
        Object.entries(start.nets).map(([k, s]) => [k, s.layers.length]),
      ),
      data: {
        mode,
        images: data.count,
        trained: data.trainIndices.length,
        shard:
          mode === 'copy'
            ? join(out, 'data', 'images.shard')
            : data.shard || '(decoded by the job)',
      },
      commands,
    };
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}
