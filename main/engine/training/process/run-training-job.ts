import { join } from 'node:path';
import type { TrainMetrics } from '../../../contract/training-schemas';
import type { RgbaImage } from '../../image/png';
import type { TrainingControl } from '../control';
import type { BatchSource } from '../data-source';
import { DetectorSession } from '../detectors/detector-session';
import type { ModelProbe } from '../detectors/model-probes';
import { train, type PreviewImage, type StepProgress, type TrainResult } from '../trainer';
import { backendChoiceFromEnv } from '../training-runtime';
import { describeResume, requireResumable, type ResumePlan } from '../resume-plan';
import { lockRunFolder } from '../run-folder-lock';
import { lastPreviewSaver } from '../last-preview';
import type { TrainJob } from './messages';

/** What a detector sees after every step (the trainer's onStepEnd). */
export interface StepEnd {
  step: number;
  probe: ModelProbe;
  source: BatchSource;
}

/**
 * A live detector of a run: told of every preview grid and the end of every step, closed once
 * when the run ends (`finished`: wait for queued work and bring the model folder up to date).
 */
export interface TrainingDetector {
  preview?(step: number, grid: RgbaImage): void;
  stepEnd?(s: StepEnd): void | Promise<void>;
  close(finished: boolean): Promise<void>;
}

/** Where a run's news goes: the training process sends it to its host, the CLI prints it. */
export interface TrainingJobSinks {
  onProgress?: (p: StepProgress) => void;
  onPreview?: (p: PreviewImage) => void;
  onCheckpoint?: (c: { step: number; dir: string }) => void;
  onPaused?: (paused: boolean) => void;
  /** Messages in words: skipped checkpoints, "resuming from step N", held-out split, FID/KID skips. */
  onNotice: (message: string) => void;
  onMetrics: (m: TrainMetrics) => void;
  /** Text runs: the sample generated at each preview step. */
  onTextPreview?: (p: { step: number; text: string }) => void;
  /**
   * A resume found its checkpoint (before training starts): the plan and one sentence for the
   * run's status ("Resumed from step 500 (checkpoints/step-0000500); skipped …").
   */
  onResume?: (plan: ResumePlan, summary: string) => void;
}

export interface TrainingJobOptions extends TrainingJobSinks {
  job: Omit<TrainJob, 'runId'>;
  control?: TrainingControl;
  /** The run's detectors; default `defaultDetectors(job, sinks)`. */
  detectors?: TrainingDetector[];
}

/**
 * The run's standard detectors: the live mode-collapse and memorisation detectors, the VAE's
 * held-out loss and periodic FID/KID, when the config names an extractor; none otherwise. The
 * autoregressive families always get the session: it charts their held-out likelihood.
 */
export function defaultDetectors(
  job: Omit<TrainJob, 'runId'>,
  sinks: Pick<TrainingJobSinks, 'onMetrics' | 'onNotice'>,
): TrainingDetector[] {
  const autoregressive = job.config.family === 'pixelcnn' || job.config.family === 'text';
  if (job.config.extractor === undefined && !autoregressive) return [];
  return [
    new DetectorSession({
      config: job.config,
      outDir: job.outDir,
      resume: job.resume,
      extractorCacheDir: job.extractorCacheDir ?? join(job.outDir, 'extractor-cache'),
      emit: sinks.onMetrics,
      notice: sinks.onNotice,
    }),
  ];
}

/**
 * The one job runner of training, used by the training process (the app's runs) and by the CLI's
 * `train` (which trains in its own process): takes the output folder's lock, checks a resume has
 * a checkpoint to continue from (and says which), runs the trainer with the detectors hooked in,
 * and closes every detector however the run ends: a finished run waits for their last points, a
 * stopped or failed one does not.
 */
export async function runTrainingJob(options: TrainingJobOptions): Promise<TrainResult> {
  const { job } = options;
  // One run per output folder; a resume with nothing to resume from stops here, in words,
  // before anything is written or deleted.
  const lock = await lockRunFolder(job.outDir);
  try {
    if (job.resume) {
      const plan = await requireResumable(job.outDir);
      options.onResume?.(plan, describeResume(job.outDir, plan));
    }
    return await runLocked(options);
  } finally {
    await lock.release();
  }
}

async function runLocked(options: TrainingJobOptions): Promise<TrainResult> {
  const { job } = options;
  const detectors = options.detectors ?? defaultDetectors(job, options);
  // The last preview grid goes to the out folder too, so a reopened run shows it (last-preview.ts).
  const previews = lastPreviewSaver(job.outDir, options.onNotice);
  const closeAll = async (finished: boolean) => {
    await Promise.all(detectors.map((d) => d.close(finished).catch(() => undefined)));
    await previews.flush();
  };
  try {
    const result = await train({
      folder: job.folder,
      config: job.config,
      outDir: job.outDir,
      resume: job.resume,
      width: job.width,
      backend: job.backend ?? backendChoiceFromEnv(),
      control: options.control,
      onProgress: options.onProgress,
      onPreview: (p) => {
        options.onPreview?.(p);
        previews.save(p);
        const grid = { width: p.width, height: p.height, rgba: p.rgba };
        for (const d of detectors) d.preview?.(p.step, grid);
      },
      onStepEnd: async (s) => {
        for (const d of detectors) await d.stepEnd?.(s);
      },
      onCheckpoint: options.onCheckpoint,
      onPaused: options.onPaused,
      onNotice: options.onNotice,
      onTextPreview: options.onTextPreview,
    });
    await closeAll(result.state === 'finished');
    return result;
  } catch (err) {
    await closeAll(false);
    throw err;
  }
}
