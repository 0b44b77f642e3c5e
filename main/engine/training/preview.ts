import { createRng } from '../latent/prng';
import type { TrainingModels } from './models';
import { generatorForward, type Tf } from './spec-forward';
import { hashSeed, normals } from './step-rng';

export const PREVIEW_SIDE = 4;

/** The fixed latents of a run's preview grid: the same 16 z at every step, so changes are the model's. */
export function previewLatents(seed: number, latentDim: number): Float32Array {
  return normals(createRng(hashSeed(seed, 0x9e1e57)), PREVIEW_SIDE * PREVIEW_SIDE * latentDim);
}

/** Renders the 4×4 grid (inference-mode batch norm) as one RGBA image. */
export function renderPreview(
  tf: Tf,
  m: TrainingModels,
): { width: number; height: number; rgba: Uint8Array } {
  const { latentDim, seed } = m.setup.config;
  const count = PREVIEW_SIDE * PREVIEW_SIDE;
  const { height: size, channels, range } = m.spec.output;
  const pixels = tf.tidy(() => {
    const z = tf.tensor2d(previewLatents(seed, latentDim), [count, latentDim]);
    return generatorForward(tf, m.spec, m.gen, z, 'infer').dataSync() as Float32Array;
  });
  const side = PREVIEW_SIDE * size;
  const rgba = new Uint8Array(side * side * 4);
  const [lo, hi] = range;
  for (let i = 0; i < count; i++) {
    const ox = (i % PREVIEW_SIDE) * size;
    const oy = Math.floor(i / PREVIEW_SIDE) * size;
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const src = ((i * size + y) * size + x) * channels;
        const dst = ((oy + y) * side + ox + x) * 4;
        for (let c = 0; c < 3; c++) {
          const v = pixels[src + (channels === 1 ? 0 : c)] ?? lo;
          rgba[dst + c] = Math.round(Math.min(1, Math.max(0, (v - lo) / (hi - lo))) * 255);
        }
        rgba[dst + 3] = 255;
      }
  }
  return { width: side, height: side, rgba };
}
