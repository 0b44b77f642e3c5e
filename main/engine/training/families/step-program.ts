import type { Ops } from '../../autodiff/ops';

/**
 * One training step as a pure function of tensors, written once against Ops: (state, batch,
 * scalars) → (new state, losses). State holds every parameter, running statistic, optimiser
 * moment and EMA weight under a stable name, so the ONNX runtime compiles the whole step into one
 * graph (state in, new state out) and tfjs runs the same function eagerly. Nothing else changes
 * between steps, which is what makes a stopped-and-resumed run equal an unbroken one.
 */
export interface TensorSpec {
  shape: number[];
  dtype: 'float32' | 'int64';
}

export interface StepIO<T> {
  state: Record<string, T>;
  batch: Record<string, T>;
  scalars: Record<string, T>;
}
export interface StepOut<T> {
  state: Record<string, T>;
  losses: Record<string, T>;
}

export interface StepProgram {
  /** Shapes of every state tensor (float32). */
  stateShapes: Record<string, number[]>;
  /** The per-step inputs for a batch of n. */
  batchSpecs(n: number): Record<string, TensorSpec>;
  /** Per-step float scalars (Adam corrections, EMA decay). */
  scalarNames: string[];
  lossNames: string[];
  run<T>(o: Ops<T>, io: StepIO<T>): StepOut<T>;
}

/** A getter that names what is missing instead of returning undefined. */
export function getter<T>(table: Record<string, T>, what: string): (name: string) => T {
  return (name) => {
    const v = table[name];
    if (v === undefined) throw new Error(`The ${what} has no tensor named ${name}.`);
    return v;
  };
}
