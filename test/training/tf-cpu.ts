import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs';

/** tfjs on the pure-JS cpu backend: deterministic, and needs no wasm training kernels. */
export async function cpuTf(): Promise<typeof TF> {
  const tf = createRequire(import.meta.url)('@tensorflow/tfjs') as typeof TF;
  await tf.setBackend('cpu');
  return tf;
}
