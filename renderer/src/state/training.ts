import type { Frame } from '../../../main/contract/channels';
import type {
  ScanReport,
  TrainConfig,
  TrainProgress,
  TrainRun,
  TrainState,
} from '../../../main/contract/training-schemas';

export type Screen = 'explore' | 'train';

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
}

export interface TrainingState {
  folder: string;
  recentFolders: string[];
  /** The report of the last scan, for `scannedFolder`. */
  scan: ScanReport | null;
  scannedFolder: string | null;
  config: TrainConfig | null;
  reasons: string[];
  /** Runs as the engine answered train.start / train.list, by run id. */
  runs: Record<string, TrainRun>;
  live: Record<string, LiveRun>;
  /** The run shown on the dashboard. */
  runId: string | null;
  busy: boolean;
}

export const initialTraining: TrainingState = {
  folder: '',
  recentFolders: [],
  scan: null,
  scannedFolder: null,
  config: null,
  reasons: [],
  runs: {},
  live: {},
  runId: null,
  busy: false,
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
