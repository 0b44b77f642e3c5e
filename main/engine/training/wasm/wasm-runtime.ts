import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import type * as TFWasm from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './register-kernels';

/**
 * tfjs on the wasm backend with the training kernels registered, for code that must train on
 * wasm whatever tfjsRuntime() picked (worker replicas, tests, benches). Loaded with one CommonJS
 * require like models/tfjs-backend.ts, so everything in a thread shares one tfjs-core.
 */
const localRequire: NodeRequire =
  typeof require === 'function' ? require : createRequire(import.meta.url);

let ready: Promise<typeof TF> | null = null;

async function load(): Promise<typeof TF> {
  const tf = localRequire('@tensorflow/tfjs') as typeof TF;
  const wasm = localRequire('@tensorflow/tfjs-backend-wasm') as typeof TFWasm;
  const wasmFile = localRequire.resolve(
    '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
  );
  wasm.setWasmPaths(dirname(wasmFile) + sep);
  registerWasmTrainingKernels(tf);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs wasm backend failed to initialise');
  return tf;
}

/** The tfjs module with 'wasm' as the active backend and the training kernels in place. */
export function wasmTrainingTf(): Promise<typeof TF> {
  ready ??= load();
  return ready;
}
