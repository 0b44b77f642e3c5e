import type { Frame, Res } from '../../../main/contract/channels';
import type {
  ScanReport,
  TrainConfig,
  TrainProgress,
  TrainRun,
  TrainState,
} from '../../../main/contract/training-schemas';
import type { RunMetrics } from './training-metrics';

export type Screen = 'explore' | 'train' | 'evaluate' | 'text';

/** One point of a run's loss history (from train.progress events). */
export interface LossPoint {
  step: number;
  losses: Record<string, number>;
}

/** What the engine has pushed about a run (events can arrive before train.start answers). */
export interface LiveRun {
  state: TrainState | null;
  message: string | null;
  modelId: string | null;
  progress: TrainProgress | null;
  history: LossPoint[];
  preview: { step: number; frame: Frame } | null;
  /** Live detectors, held-out loss and FID/KID (train.metrics); absent until the first event. */
  metrics?: RunMetrics;
  /** Whether the run's record on disk (train.history) has been read into this. */
  loaded?: boolean;
}

export interface TrainingState {
  folder: string;
  recentFolders: string[];
  /** The report of the last scan, for `scannedFolder`. */
  scan: ScanReport | null;
  scannedFolder: string | null;
  /** A small even sample of the scanned folder's usable images (dataset.thumbnails). */
  scanThumbnails: { file: string; frame: Frame }[];
  config: TrainConfig | null;
  reasons: string[];
  /** The settings train.defaults suggested, so a changed field says so beside its reason. */
  suggested: TrainConfig | null;
  /** Runs as the engine answered train.start / train.list, by run id. */
  runs: Record<string, TrainRun>;
  live: Record<string, LiveRun>;
  /** The run shown on the dashboard. */
  runId: string | null;
  busy: boolean;
  /** A library model's training record, shown read-only on the Train screen instead of a run. */
  record: ModelRecord | null;
  /** Whether each library model has a training record (asked once per model). */
  hasRecord: Record<string, boolean>;
  /** The "Export as PyTorch job" panel of a run, while open (features/train/job-export.ts). */
  jobExport: JobExport | null;
}

/** Where a run's PyTorch job goes, and what the engine wrote once it has. */
export interface JobExport {
  runId: string;
  /** A folder that exists, on the engine's machine; empty: the data folder's jobs/. */
  into: string;
  result: Res<'train.exportJob'> | null;
}

/** What the Train screen shows of a model's training record (train.history by model id). */
export interface ModelRecord {
  modelId: string;
  name: string;
  /** The folder it was read from. */
  source: string;
  config: TrainConfig | null;
  history: LossPoint[];
  /** Logged steps before the engine thinned them for the chart. */
  stepCount: number;
  metrics: RunMetrics;
}

export const initialTraining: TrainingState = {
  folder: '',
  recentFolders: [],
  scan: null,
  scannedFolder: null,
  scanThumbnails: [],
  config: null,
  reasons: [],
  suggested: null,
  runs: {},
  live: {},
  runId: null,
  busy: false,
  record: null,
  hasRecord: {},
  jobExport: null,
};

export const emptyLive: LiveRun = {
  state: null,
  message: null,
  modelId: null,
  progress: null,
  history: [],
  preview: null,
};

/** A run as the dashboard shows it: the engine's answer, overridden by anything newer from events. */
export interface RunView extends TrainRun {
  progress: TrainProgress | null;
  history: LossPoint[];
  preview: LiveRun['preview'];
  metrics: RunMetrics | null;
}

export function runView(t: TrainingState, runId: string | null): RunView | null {
  if (!runId) return null;
  const run = t.runs[runId];
  if (!run) return null;
  const live = t.live[runId] ?? emptyLive;
  return {
    ...run,
    state: live.state ?? run.state,
    message: live.state ? live.message : run.message,
    modelId: live.modelId ?? run.modelId,
    lastProgress: live.progress ?? run.lastProgress,
    progress: live.progress ?? run.lastProgress,
    history: live.history,
    preview: live.preview,
    metrics: live.metrics ?? null,
  };
}

export const ACTIVE_STATES: readonly TrainState[] = ['starting', 'running', 'paused', 'stopping'];

export function isActive(state: TrainState): boolean {
  return ACTIVE_STATES.includes(state);
}

/** Longest loss history kept per run; older points are thinned to every other one. */
export const MAX_HISTORY = 4000;

export function appendHistory(history: LossPoint[], point: LossPoint): LossPoint[] {
  const kept = history.filter((p) => p.step < point.step);
  kept.push(point);
  if (kept.length <= MAX_HISTORY) return kept;
  const half = kept.length >> 1;
  return [...kept.slice(0, half).filter((_, i) => i % 2 === 0), ...kept.slice(half)];
}

/**
 * A run's history read from disk (train.history) joined with the points events brought: the
 * events win at the same step (they are newer), the loaded steps fill in what came before.
 */
export function mergeHistory(loaded: LossPoint[], live: LossPoint[]): LossPoint[] {
  const byStep = new Map<number, LossPoint>();
  for (const p of loaded) byStep.set(p.step, p);
  for (const p of live) byStep.set(p.step, p);
  let merged = [...byStep.values()].sort((a, b) => a.step - b.step);
  while (merged.length > MAX_HISTORY) {
    const half = merged.length >> 1;
    merged = [...merged.slice(0, half).filter((_, i) => i % 2 === 0), ...merged.slice(half)];
  }
  return merged;
}
