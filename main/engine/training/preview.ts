import { createRng } from '../latent/prng';
import type { TrainingFamily } from './families/family';
import type { ParamLookup } from './runtime/forward-runner';
import { toRgba, type TrainingSampler } from './sampling';
import { hashSeed, normals } from './step-rng';

export const PREVIEW_SIDE = 4;

/** The fixed latents of a run's preview grid: the same 16 z at every step, so changes are the model's. */
export function previewLatents(seed: number, latentDim: number): Float32Array {
  return normals(createRng(hashSeed(seed, 0x9e1e57)), PREVIEW_SIDE * PREVIEW_SIDE * latentDim);
}

/** Renders the 4×4 grid as one RGBA image. */
export async function renderPreview(
  family: TrainingFamily,
  sampler: TrainingSampler,
  params: ParamLookup,
): Promise<{ width: number; height: number; rgba: Uint8Array }> {
  const { latentDim, seed, size, channels } = family.setup.config;
  const count = PREVIEW_SIDE * PREVIEW_SIDE;
  const images = await sampler.generate(params, previewLatents(seed, latentDim), count);
  const range = family.sampler.spec.outputRange ?? [-1, 1];
  const side = PREVIEW_SIDE * size;
  const rgba = new Uint8Array(side * side * 4);
  for (let i = 0; i < count; i++) {
    const tile = toRgba(images, i, channels, size, range);
    const ox = (i % PREVIEW_SIDE) * size;
    const oy = Math.floor(i / PREVIEW_SIDE) * size;
    for (let y = 0; y < size; y++)
      rgba.set(tile.subarray(y * size * 4, (y + 1) * size * 4), ((oy + y) * side + ox) * 4);
  }
  return { width: side, height: side, rgba };
}
