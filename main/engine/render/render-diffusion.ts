import { StudioError } from '../../contract/channels';
import type { Sampling, SamplingRequest } from '../../contract/diffusion-schemas';
import { documentedNoise } from '../diffusion/noise-stream';
import { runSampler, type SamplerStep } from '../diffusion/sampler';
import { toRgbaFrames } from '../image/pixels';
import type { DiffusionModel } from '../models/diffusion-model';
import type { InferenceScheduler } from './inference-scheduler';
import type { JobHandle } from './jobs';
import type { RgbaImage } from '../image/png';

/**
 * Diffusion sampling through the engine's one inference queue. Every denoiser call (one step of a
 * chunk of images) is its own scheduler task, so a live frame waits for at most one step of batch
 * work, never for a whole 50-step run; cancellation is checked before every step.
 */
function toImages(model: DiffusionModel, values: Float32Array, count: number): RgbaImage[] {
  const { props } = model;
  return toRgbaFrames(values, count, props).map((rgba) => ({
    width: props.width,
    height: props.height,
    rgba,
  }));
}

function pack(latents: Float32Array[], dim: number): Float32Array {
  const packed = new Float32Array(latents.length * dim);
  latents.forEach((z, i) => {
    if (z.length !== dim)
      throw new StudioError('BAD_REQUEST', `x_T has ${z.length} values; this model needs ${dim}.`);
    packed.set(z, i * dim);
  });
  return packed;
}

export interface DiffusionBatchOptions {
  chunkSize: number;
  sampling?: SamplingRequest | undefined;
  job?: JobHandle | undefined;
  label?: string | undefined;
}

/** Batch work (grids, strips, exports, evaluation): progress counts denoising steps. */
export async function renderDiffusionBatch(
  model: DiffusionModel,
  scheduler: InferenceScheduler,
  latents: Float32Array[],
  options: DiffusionBatchOptions,
): Promise<RgbaImage[]> {
  const sampling = model.sampling(options.sampling);
  const { job, chunkSize } = options;
  const label = options.label ?? 'Sampling';
  const total = Math.ceil(latents.length / chunkSize) * sampling.steps;
  let done = 0;
  job?.progress(0, total, label);
  const images: RgbaImage[] = [];
  for (let start = 0; start < latents.length; start += chunkSize) {
    const chunk = latents.slice(start, start + chunkSize);
    const n = chunk.length;
    const xT = pack(chunk, model.props.latentDim);
    const final = await runSampler({
      schedule: model.schedule,
      sampling,
      xT,
      noise: documentedNoise(xT, n),
      denoise: (x, t) => scheduler.batchTask(() => model.denoiser.predict(x, n, t)),
      beforeStep: () => job?.throwIfCancelled(),
      onStep: () => job?.progress(++done, total, label),
    });
    images.push(...toImages(model, final, n));
  }
  return images;
}

/** Per scheduler: the newest live request of each stream, so older ones stop between steps. */
const newestLive = new WeakMap<InferenceScheduler, Map<string, number>>();
let liveToken = 0;

/**
 * One live frame (a drag on the blend canvas, a restored PNG). Steps run in the interactive lane
 * on `stream`; when a newer request arrives on the same stream this one stops with SUPERSEDED at
 * its next step instead of finishing a stale image.
 */
export async function renderDiffusionInteractive(
  model: DiffusionModel,
  scheduler: InferenceScheduler,
  stream: string,
  z: Float32Array,
  request: SamplingRequest | undefined,
): Promise<RgbaImage> {
  const streams = newestLive.get(scheduler) ?? new Map<string, number>();
  newestLive.set(scheduler, streams);
  const token = ++liveToken;
  streams.set(stream, token);
  try {
    const xT = pack([z], model.props.latentDim);
    const final = await runSampler({
      schedule: model.schedule,
      sampling: model.sampling(request),
      xT,
      noise: documentedNoise(xT, 1),
      beforeStep: () => {
        if (streams.get(stream) !== token)
          throw new StudioError('SUPERSEDED', 'Superseded by a newer frame request');
      },
      denoise: (x, t) => scheduler.interactiveTask(stream, () => model.denoiser.predict(x, 1, t)),
    });
    return toImages(model, final, 1)[0]!;
  } finally {
    if (streams.get(stream) === token) streams.delete(stream);
  }
}

export interface DenoisingFrame {
  step: number;
  total: number;
  timestep: number;
  image: RgbaImage;
}

/**
 * Live denoising of one sample: the predicted clean image x0 of every step goes to `onFrame` as
 * it is computed (interactive lane, ahead of batch work); the job cancels it between steps.
 */
export async function denoiseLive(
  model: DiffusionModel,
  scheduler: InferenceScheduler,
  z: Float32Array,
  sampling: Sampling,
  job: JobHandle,
  onFrame: (frame: DenoisingFrame) => void,
): Promise<RgbaImage> {
  const xT = pack([z], model.props.latentDim);
  const stream = `denoise-${++liveToken}`;
  const final = await runSampler({
    schedule: model.schedule,
    sampling,
    xT,
    noise: documentedNoise(xT, 1),
    beforeStep: () => job.throwIfCancelled(),
    denoise: (x, t) => scheduler.interactiveTask(stream, () => model.denoiser.predict(x, 1, t)),
    onStep: (s: SamplerStep) => {
      onFrame({
        step: s.step,
        total: s.total,
        timestep: s.timestep,
        image: toImages(model, s.x0, 1)[0]!,
      });
      job.progress(s.step, s.total, 'Denoising');
    },
  });
  return toImages(model, final, 1)[0]!;
}
