import type { NetSpec } from '../../nets/net-spec';
import type { TrainingFamily } from '../families/family';
import { trainingRuntime, type TrainBackendChoice } from '../training-runtime';
import { OrtForwardRunner, TfjsForwardRunner, type ForwardRunner } from './forward-runner';
import { OrtStepRunner } from './ort-step-runner';
import type { StateArrays, StepRunner } from './step-runner';
import { TfjsStepRunner } from './tfjs-step-runner';

/**
 * Which runtime trains: 'ort' compiles each step into one ONNX graph run by onnxruntime's native
 * kernels on every core; 'tfjs' runs the same step eagerly on tfjs (tfjs-node where it loads, else
 * WebAssembly, else plain JS). 'auto' is onnxruntime whenever the run's step compiles (every
 * layer the app trains does), falling back to tfjs in words if it does not. tfjs-node cannot be
 * installed on our machines, so it could not be measured against onnxruntime; `--runtime tfjs`
 * chooses it where it loads.
 */
export type RuntimeChoice = 'auto' | 'ort' | 'tfjs';

export interface OpenRuntime {
  runner: StepRunner;
  /** A forward runner for one network on the same runtime (previews, samples, probes). */
  forward(spec: NetSpec): ForwardRunner;
}

export function runtimeChoiceFromEnv(): RuntimeChoice {
  const v = process.env.LATENT_STUDIO_TRAIN_RUNTIME;
  return v === 'ort' || v === 'tfjs' ? v : 'auto';
}

export async function openRuntime(
  family: TrainingFamily,
  batch: number,
  initial: StateArrays,
  options: {
    runtime?: RuntimeChoice;
    backend?: TrainBackendChoice;
    threads?: number;
    notice?: (m: string) => void;
  },
): Promise<OpenRuntime> {
  const choice = options.runtime ?? 'auto';
  if (choice !== 'tfjs') {
    try {
      const runner = await OrtStepRunner.create(family.program, batch, initial, {
        ...(options.threads !== undefined && { threads: options.threads }),
      });
      return { runner, forward: (spec) => new OrtForwardRunner(spec) };
    } catch (err) {
      if (choice === 'ort') throw err;
      options.notice?.(
        `Training on tfjs: this run's step did not compile for onnxruntime (${err instanceof Error ? err.message : String(err)}).`,
      );
    }
  }
  const { tf, backend } = await trainingRuntime(options.backend);
  const runner = new TfjsStepRunner(
    tf,
    family.program,
    batch,
    initial,
    `tfjs ${tf.version.tfjs} (${backend})`,
  );
  return { runner, forward: (spec) => new TfjsForwardRunner(tf, spec) };
}
