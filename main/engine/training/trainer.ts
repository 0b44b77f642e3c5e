import type { TrainConfig } from '../../contract/training-schemas';
import {
  hasCheckpoints,
  loadLatestCheckpoint,
  restoreModels,
  writeCheckpoint,
  writeModelFolder,
  type LogEntry,
  type TrainingSnapshot,
} from './checkpoint';
import { TrainingControl } from './control';
import type { BatchSource } from './data-source';
import { openDatasetSource } from './dataset-source';
import { ganStandingStats, trainStep } from './model-steps';
import { createModels, defaultWidth, type ModelSetup, type TrainingModels } from './models';
import { renderPreview } from './preview';
import { setMovingStats, withMovingStats, type Tf } from './spec-forward';
import { trainingRuntime, type TrainBackendChoice } from './training-runtime';
import type { Reconstruction } from './vae';
import { ParallelStep, workerCount } from './wasm/parallel-step';

export interface StepProgress {
  step: number;
  totalSteps: number;
  epoch: number;
  losses: Record<string, number>;
  imagesPerSec: number;
  etaSec: number;
  backend: string;
}
export interface PreviewImage {
  step: number;
  width: number;
  height: number;
  rgba: Uint8Array;
}
export interface TrainOptions {
  /** A folder of images (read by the built-in loader), or a ready loader. */
  folder?: string;
  loader?: BatchSource;
  /** Where the folder's decoded images are cached (default <outDir>/cache). */
  cacheDir?: string;
  config: TrainConfig;
  outDir: string;
  /** Continue from the newest checkpoint in outDir that verifies (a fresh start if there is none). */
  resume?: boolean;
  signal?: AbortSignal;
  control?: TrainingControl;
  /** Network base width; default by size (64 at 32 px). Fixed by the checkpoint on resume. */
  width?: number;
  reconstruction?: Reconstruction;
  backend?: TrainBackendChoice;
  runtime?: { tf: Tf; backend: string };
  /**
   * Data-parallel worker replicas on the wasm backend (wasm/parallel-step.ts). Default:
   * LATENT_STUDIO_TRAIN_WORKERS, else 2 with ≥ 2 cores and batch ≥ 8, else 1 (in-process).
   * Other backends always train in-process.
   */
  workers?: number;
  onProgress?: (p: StepProgress) => void;
  onPreview?: (p: PreviewImage) => void;
  onCheckpoint?: (c: { step: number; dir: string }) => void;
  onPaused?: (paused: boolean) => void;
  /** Messages in words (a skipped broken checkpoint, a resume). */
  onNotice?: (message: string) => void;
  /** After each step (and its preview): the live detectors' hook (held-out loss, FID/KID samples). */
  onStepEnd?: (s: {
    step: number;
    tf: Tf;
    models: TrainingModels;
    source: BatchSource;
  }) => void | Promise<void>;
}
export interface TrainResult {
  state: 'finished' | 'stopped';
  step: number;
  modelDir: string | null;
  checkpointDir: string | null;
  backend: string;
}

/** On resume the network shape comes from the checkpoint; schedule fields may be changed by the caller. */
function resumedSetup(saved: ModelSetup, config: TrainConfig): ModelSetup {
  const { steps, checkpointEvery, previewEvery, keepCheckpoints } = config;
  return {
    ...saved,
    config: { ...saved.config, steps, checkpointEvery, previewEvery, keepCheckpoints },
  };
}

/**
 * Trains a GAN or VAE on a folder. Every step: one batch from the loader, then D and G updates
 * (GAN) or one VAE update. Checkpoints every checkpointEvery steps and on stop; at the end the
 * model folder. Deterministic: stopping at k and resuming gives the weights of an unbroken run.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { tf, backend } = options.runtime ?? (await trainingRuntime(options.backend));
  const control = options.control ?? new TrainingControl();
  const notice = options.onNotice ?? (() => undefined);
  const loaded = options.resume
    ? await loadLatestCheckpoint(options.outDir, (dir, why) =>
        notice(`Skipped checkpoint ${dir}: ${why}.`),
      )
    : null;
  if (!options.resume && (await hasCheckpoints(options.outDir)))
    throw new Error(
      `${options.outDir} already holds checkpoints of an earlier run. Resume it, or choose another output folder (nothing was overwritten).`,
    );
  const setup: ModelSetup = loaded
    ? resumedSetup(loaded.snapshot.setup, options.config)
    : {
        config: options.config,
        width: options.width ?? defaultWidth(options.config.size),
        reconstruction: options.reconstruction ?? 'bce',
      };
  const { config } = setup;
  const source =
    options.loader ??
    (await openDatasetSource(
      requireFolder(options),
      config,
      options.outDir,
      options.cacheDir,
      notice,
    ));
  if (source.size !== config.size || source.channels !== config.channels)
    throw new Error(
      `The loader gives ${source.size} px × ${source.channels} channels but the run needs ${config.size} px × ${config.channels}.`,
    );
  const models = createModels(tf, setup);
  let parallel: ParallelStep | null = null;
  try {
    parallel = await startReplicas(
      models,
      workerCount(backend, config.batch, options.workers),
      notice,
    );
    const workers = parallel?.workers ?? 1;
    const label = `tfjs ${tf.version.tfjs} (${backend}${workers > 1 ? ` ×${workers} workers` : ''})`;
    if (loaded) {
      restoreModels(tf, models, loaded);
      source.restore(loaded.snapshot.loaderState);
      notice(`Resuming from step ${loaded.snapshot.step} (${loaded.dir}).`);
    }
    return await loop(
      tf,
      label,
      parallel,
      models,
      source,
      control,
      options,
      loaded?.snapshot.step ?? 0,
      loaded?.snapshot.log ?? [],
    );
  } finally {
    await parallel?.dispose();
    models.dispose();
    if (!options.loader) await source.close?.();
  }
}

/** Worker replicas, or null (in-process) for one worker or when they cannot start: said in words. */
async function startReplicas(
  models: TrainingModels,
  workers: number,
  notice: (message: string) => void,
): Promise<ParallelStep | null> {
  if (workers <= 1) return null;
  try {
    return await ParallelStep.create(models, workers);
  } catch (e) {
    notice(
      `Training on one core: the ${workers} worker replicas did not start (${e instanceof Error ? e.message : String(e)}).`,
    );
    return null;
  }
}

function requireFolder(options: TrainOptions): string {
  if (!options.folder) throw new Error('Training needs a folder of images or a loader.');
  return options.folder;
}

async function loop(
  tf: Tf,
  backend: string,
  parallel: ParallelStep | null,
  m: TrainingModels,
  source: BatchSource,
  control: TrainingControl,
  options: TrainOptions,
  startStep: number,
  log: LogEntry[],
): Promise<TrainResult> {
  const { config } = m.setup;
  const snapshot = (step: number): TrainingSnapshot => ({
    step,
    epoch: source.epoch(),
    setup: m.setup,
    loaderState: source.state(),
    log,
  });
  let step = startStep;
  let savedStep = startStep;
  let checkpointDir: string | null = null;
  const save = async () => {
    checkpointDir = await writeCheckpoint(
      options.outDir,
      m,
      snapshot(step),
      config.keepCheckpoints,
    );
    savedStep = step;
    options.onCheckpoint?.({ step, dir: checkpointDir });
  };
  let secPerStep = 0;
  while (step < config.steps) {
    if ((await control.gate(options.signal, options.onPaused)) === 'stop') break;
    const started = performance.now();
    const batch = await source.next(config.batch);
    const losses = parallel
      ? await parallel.step(tf, m, batch, step, config.diffAugment)
      : trainStep(tf, m, batch, step, config.diffAugment);
    step += 1;
    const bad = Object.entries(losses).find(([, v]) => !Number.isFinite(v));
    if (bad)
      throw new Error(
        `Training diverged at step ${step}: the ${bad[0]} loss became ${bad[1]}. Try a lower learning rate.`,
      );
    const sec = (performance.now() - started) / 1000;
    // Smoothed over ~20 steps so the ETA does not jump with every checkpoint or preview.
    secPerStep = secPerStep === 0 ? sec : secPerStep * 0.95 + sec * 0.05;
    const imagesPerSec = config.batch / secPerStep;
    const epoch = source.epoch();
    log.push({ step, epoch, losses, imagesPerSec });
    options.onProgress?.({
      step,
      totalSteps: config.steps,
      epoch,
      losses,
      imagesPerSec,
      etaSec: (config.steps - step) * secPerStep,
      backend,
    });
    if (step % config.previewEvery === 0 || step === config.steps)
      options.onPreview?.({ step, ...previewWithStandingStats(tf, m) });
    await options.onStepEnd?.({ step, tf, models: m, source });
    if (step % config.checkpointEvery === 0) await save();
  }
  if (step < config.steps) {
    if (step !== savedStep || checkpointDir === null) await save();
    return { state: 'stopped', step, modelDir: null, checkpointDir, backend };
  }
  if (step !== savedStep || checkpointDir === null) await save();
  // Training is over: the exported generator gets its standing statistics for good.
  const standing = ganStandingStats(tf, m);
  if (standing) setMovingStats(tf, m.gen, standing);
  const modelDir = await writeModelFolder(options.outDir, m, snapshot(step), backend);
  return { state: 'finished', step, modelDir, checkpointDir, backend };
}

/** The preview grid; a GAN's with standing batch-norm statistics, the running ones left untouched. */
function previewWithStandingStats(tf: Tf, m: TrainingModels): ReturnType<typeof renderPreview> {
  const standing = ganStandingStats(tf, m);
  return standing
    ? withMovingStats(tf, m.gen, standing, () => renderPreview(tf, m))
    : renderPreview(tf, m);
}
