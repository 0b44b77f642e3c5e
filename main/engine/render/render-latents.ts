import type { SamplingRequest } from '../../contract/diffusion-schemas';
import { toRgbaFrames } from '../image/pixels';
import { isDiffusionModel } from '../models/diffusion-model';
import type { Generator } from '../models/generator';
import type { InferenceScheduler } from './inference-scheduler';
import type { JobHandle } from './jobs';
import { renderDiffusionBatch, renderDiffusionInteractive } from './render-diffusion';
import type { RgbaImage } from '../image/png';

/** Packs latents back to back, the layout Generator.generate takes. */
export function packLatents(latents: Float32Array[], dim: number): Float32Array {
  const packed = new Float32Array(latents.length * dim);
  latents.forEach((z, i) => packed.set(z, i * dim));
  return packed;
}

async function renderChunk(generator: Generator, latents: Float32Array[]): Promise<RgbaImage[]> {
  const { props } = generator;
  const output = await generator.generate(packLatents(latents, props.latentDim), latents.length);
  return toRgbaFrames(output, latents.length, props).map((rgba) => ({
    width: props.width,
    height: props.height,
    rgba,
  }));
}

/**
 * Renders many latents as batch work: chunk by chunk through the scheduler, so live frames can
 * slip in between chunks, with progress and cancellation at chunk boundaries. Diffusion models
 * sample step by step instead (render-diffusion.ts), with `sampling` (ignored by generators).
 */
export async function renderBatch(
  generator: Generator,
  scheduler: InferenceScheduler,
  latents: Float32Array[],
  options: {
    chunkSize: number;
    job?: JobHandle;
    label?: string;
    sampling?: SamplingRequest | undefined;
  },
): Promise<RgbaImage[]> {
  if (isDiffusionModel(generator))
    return renderDiffusionBatch(generator, scheduler, latents, options);
  const images: RgbaImage[] = [];
  const { job, chunkSize } = options;
  const label = options.label ?? 'Rendering';
  job?.progress(0, latents.length, label);
  for (let start = 0; start < latents.length; start += chunkSize) {
    job?.throwIfCancelled();
    const chunk = latents.slice(start, start + chunkSize);
    images.push(...(await scheduler.batchTask(() => renderChunk(generator, chunk))));
    job?.progress(images.length, latents.length, label);
  }
  return images;
}

/** Renders one live frame; a newer frame on the same stream supersedes it while it waits. */
export async function renderInteractive(
  generator: Generator,
  scheduler: InferenceScheduler,
  stream: string,
  z: Float32Array,
  sampling?: SamplingRequest,
): Promise<RgbaImage> {
  if (isDiffusionModel(generator))
    return renderDiffusionInteractive(generator, scheduler, stream, z, sampling);
  const [image] = await scheduler.interactiveTask(stream, () => renderChunk(generator, [z]));
  if (!image) throw new Error('Generator returned no image');
  return image;
}
