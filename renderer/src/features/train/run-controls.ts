import type { StudioState } from '../../store/state';
import { runView } from '../../store/training';

/**
 * What the run controls allow now, from the store alone: the Train commands' `enabled` and the
 * buttons' labels read this one function, so a button, its key, the palette and the menu agree.
 */
export interface RunControls {
  /** A new run can start: nothing live, a scanned folder with usable images, no other job. */
  canStart: boolean;
  /** The run has a run of its own on screen that is not live (Start makes a new one). */
  startsNew: boolean;
  canPause: boolean;
  /** 'control' continues a paused run; 'checkpoint' restarts a stopped or failed one from disk. */
  resume: 'control' | 'checkpoint' | null;
  canStop: boolean;
  /** A finished run's model, or the latest checkpoint of one that has written a checkpoint. */
  canOpen: boolean;
  /** A finished or stopped run (it has a checkpoint) can leave as a PyTorch job. */
  canExportJob: boolean;
  finished: boolean;
  live: boolean;
}

export function runControls(s: StudioState): RunControls {
  const run = runView(s.training, s.training.runId);
  const state = run?.state ?? null;
  const busy = s.progress.length > 0;
  // A text folder is read, not scanned for images: its defaults stand for the scan.
  const text = s.training.config?.family === 'text';
  const ready = text ? s.training.scannedFolder !== null : (s.training.scan?.usable ?? 0) > 0;
  const live =
    state === 'starting' || state === 'running' || state === 'paused' || state === 'stopping';
  const finished = state === 'finished';
  const checkpointed = (run?.progress?.step ?? 0) >= (run?.config.checkpointEvery ?? Infinity);
  const resume =
    state === 'paused'
      ? 'control'
      : (state === 'stopped' || state === 'failed') && !busy
        ? 'checkpoint'
        : null;
  return {
    canStart: !live && s.training.config !== null && ready && !busy,
    startsNew: run !== null && !live,
    canPause: state === 'running',
    resume,
    canStop: state === 'running' || state === 'paused' || state === 'starting',
    // A text run's model opens on the Text screen once finished (no checkpoint export there).
    canOpen:
      run !== null &&
      !busy &&
      (finished || (checkpointed && run.config.family !== 'text')) &&
      state !== 'starting',
    // The PyTorch job builds GANs and VAEs (its layer table refuses U-Net and autoregressive kinds).
    canExportJob:
      run !== null &&
      !busy &&
      (finished || state === 'stopped') &&
      (run.config.family === 'gan' || run.config.family === 'vae'),
    finished,
    live,
  };
}
