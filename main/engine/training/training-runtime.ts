import { tfjsRuntime } from '../models/tfjs-backend';
import type * as TF from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from './wasm/register-kernels';

export type Tf = typeof TF;
export type TrainBackendChoice = 'auto' | 'cpu' | 'wasm';

/**
 * tfjs for training: the process-wide runtime (tfjs-node → wasm → cpu), with the wasm training
 * kernels registered when wasm is in use (tfjs-wasm 4.22 cannot train convs without them).
 * 'cpu' forces the pure-JS backend (tests). Training runs in its own process, so switching this
 * process's backend does not affect the app's inference.
 */
export async function trainingRuntime(
  choice: TrainBackendChoice = 'auto',
): Promise<{ tf: Tf; backend: string }> {
  const { tf, backend } = await tfjsRuntime();
  if (choice === 'cpu' && backend !== 'cpu') {
    await tf.setBackend('cpu');
    return { tf, backend: 'cpu' };
  }
  if (choice === 'wasm' && backend !== 'wasm' && !(await tf.setBackend('wasm')))
    throw new Error('The WebAssembly backend of tfjs is not available in this process.');
  const active = tf.getBackend();
  if (active === 'wasm') registerWasmTrainingKernels(tf);
  return { tf, backend: active };
}

export function backendChoiceFromEnv(): TrainBackendChoice {
  const value = process.env.LATENT_STUDIO_TRAIN_BACKEND;
  return value === 'cpu' || value === 'wasm' ? value : 'auto';
}
