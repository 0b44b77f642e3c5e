import { tfjsBackendName } from '../../models/tfjs-backend';
import { backendChoiceFromEnv } from '../training-runtime';
import { runtimeChoiceFromEnv, type RuntimeChoice } from './open-runtime';

/**
 * The runtime a run will train on: the one the settings name, else LATENT_STUDIO_TRAIN_RUNTIME,
 * else 'auto' (onnxruntime wherever the step compiles). The app's `train.defaults`/`train.start`
 * and the CLI's `train` all ask here, so the defaults are chosen for the runtime that trains.
 */
export function trainingRuntimeChoice(chosen?: RuntimeChoice): RuntimeChoice {
  return chosen ?? runtimeChoiceFromEnv();
}

/**
 * What `defaultTrainConfig` is told will train (it picks size and batch from it): 'onnxruntime'
 * unless the run trains on tfjs, then the tfjs backend the training process will use (the forced
 * one of LATENT_STUDIO_TRAIN_BACKEND, else tfjs-node → wasm → cpu as this machine loads them).
 * It never switches this process's tfjs backend (the app's inference keeps its own).
 */
export async function defaultsBackend(runtime: RuntimeChoice): Promise<string> {
  if (runtime !== 'tfjs') return 'onnxruntime';
  const forced = backendChoiceFromEnv();
  return forced === 'auto' ? tfjsBackendName() : forced;
}
