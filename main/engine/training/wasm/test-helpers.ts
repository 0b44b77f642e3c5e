import type * as TF from '@tensorflow/tfjs';

/** Shared by the wasm training tests: seeded data and cpu-vs-wasm comparisons in one process. */

/** Deterministic values in [-1, 1) (mulberry32), so cpu and wasm see identical inputs. */
export function seeded(seed: number, size: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

/** Runs `fn` with `backend` active and returns copies of its outputs' values. */
export async function onBackend(
  tf: typeof TF,
  backend: 'cpu' | 'wasm',
  fn: () => TF.Tensor[],
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(fn);
  const values = outs.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose(outs);
  return values;
}

/** Largest |a-b| over the largest |ref|: comparable across cases whatever the sums' size. */
export function relativeMaxDiff(ref: Float32Array, got: Float32Array): number {
  if (ref.length !== got.length) return Infinity;
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs(ref[i]! - got[i]!));
    scale = Math.max(scale, Math.abs(ref[i]!));
  }
  return diff / scale;
}
