import type { TrainConfig, TrainMetrics, TrainState } from '../../../contract/training-schemas';
import type { TrainBackendChoice } from '../training-runtime';
import type { StepProgress } from '../trainer';

/** What a training process is asked to do. */
export interface TrainJob {
  runId: string;
  folder: string;
  config: TrainConfig;
  outDir: string;
  resume: boolean;
  width?: number;
  backend?: TrainBackendChoice;
  /** Where converted feature extractors are cached (default <outDir>/extractor-cache). */
  extractorCacheDir?: string;
}

/** Host → training process. */
export type HostMessage =
  { type: 'start'; job: TrainJob } | { type: 'pause' } | { type: 'resume' } | { type: 'cancel' };

/** Training process → host. Sent with 'advanced' serialisation, so rgba arrives as bytes. */
export type ChildMessage =
  | { type: 'progress'; progress: StepProgress }
  | { type: 'preview'; step: number; width: number; height: number; rgba: Uint8Array }
  | { type: 'state'; state: TrainState; message: string | null }
  | { type: 'checkpoint'; step: number; dir: string }
  | { type: 'notice'; message: string }
  | { type: 'metrics'; metrics: TrainMetrics }
  | {
      type: 'done';
      state: 'finished' | 'stopped';
      step: number;
      modelDir: string | null;
      checkpointDir: string | null;
    }
  | { type: 'error'; message: string };
