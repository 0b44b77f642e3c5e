import type { Sampling } from '../../contract/diffusion-schemas';
import { invertDdim, inversionSampling } from '../diffusion/inversion';
import type { DiffusionModel } from '../models/diffusion-model';
import type { InferenceScheduler } from '../render/inference-scheduler';
import type { JobHandle } from '../render/jobs';
import { renderDiffusionBatch } from '../render/render-diffusion';
import { imageToTensor } from './image-input';
import { pixelDistance } from './projection/project-image';
import type { RgbaImage } from '../image/png';

/** Fixed-point refinements per step unless the request says: measured on the fixture U-Nets, two
 * take the round trip of a model's own sample from ~1e-2 to ~1e-4 (test/diffusion/ddim-inversion.test.ts). */
export const DEFAULT_INVERSION_REFINEMENTS = 2;

export interface ImageInversion {
  xT: Float32Array;
  sampling: Sampling;
  /** x_T rendered back with `sampling`: what the canvas shows. */
  image: RgbaImage;
  /** Mean squared RGB difference in [0, 1] between `image` and the target. */
  pixel: number;
  /** Denoiser calls (inversion and the render back). */
  evaluations: number;
}

/**
 * Image → x_T of a diffusion model (image.project for diffusion models): the target, already at
 * the model's size, is read into the model's range and inverted with DDIM through the engine's
 * inference queue (one batch task per model call, so live frames still go first); x_T is then
 * sampled back with the same steps to show the result and measure how close it came.
 */
export async function invertImage(setup: {
  model: DiffusionModel;
  scheduler: InferenceScheduler;
  target: RgbaImage;
  steps: number;
  refinements: number;
  job: JobHandle;
  onStep(step: number, total: number): void;
}): Promise<ImageInversion> {
  const { model, scheduler, target, steps, job } = setup;
  const { props } = model;
  const sampling = model.sampling(inversionSampling(steps)); // refuses steps the model lacks
  let calls = 0;
  const xT = await invertDdim({
    schedule: model.schedule,
    steps: sampling.steps,
    refinements: setup.refinements,
    image: imageToTensor(target, props.channels, props.range, 'NCHW'),
    denoise: (x, t) => {
      calls++;
      return scheduler.batchTask(() => model.denoiser.predict(x, 1, t));
    },
    beforeStep: () => job.throwIfCancelled(),
    onStep: (step, total) => setup.onStep(step, total),
  });
  const [image] = await renderDiffusionBatch(model, scheduler, [xT], { chunkSize: 1, sampling });
  return {
    xT,
    sampling,
    image: image!,
    pixel: pixelDistance(image!, target),
    evaluations: calls + sampling.steps,
  };
}
