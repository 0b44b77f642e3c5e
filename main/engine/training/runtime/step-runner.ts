import type { Feed } from '../../autodiff/compiled-graph';

/** State tensors by name, as plain arrays (what checkpoints hold). */
export type StateArrays = Record<string, Float32Array>;

/**
 * A compiled or eager StepProgram with its state: the trainer's only view of a runtime.
 * onnxruntime (OrtStepRunner) is the native-speed one; tfjs (TfjsStepRunner) the fallback.
 */
export interface StepRunner {
  /** Shown in the UI, the CLI and the run's config, e.g. "onnxruntime 1.30.0 (cpu, 2 threads)". */
  readonly label: string;
  readonly runtime: 'ort' | 'tfjs';
  step(
    batch: Readonly<Record<string, Feed>>,
    scalars: Readonly<Record<string, number>>,
  ): Promise<Record<string, number>>;
  /** The current state; for ORT live buffers (copy before keeping). */
  state(): Readonly<StateArrays>;
  setState(values: Readonly<StateArrays>): void;
  dispose(): Promise<void>;
}
