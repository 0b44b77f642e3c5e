import type { Sampling, SchedulerConfig } from '../../contract/diffusion-schemas';
import { alphasCumprodOf } from './noise-schedule';
import type { NoiseSource } from './noise-stream';
import { ddimStep, ddpmStep } from './steps';
import { samplingTimesteps } from './timesteps';

/**
 * The sampling loop, free of any runtime: the denoiser is a function (onnxruntime behind the
 * inference scheduler in the engine, anything in tests). Starting from x_T it asks the model for
 * its prediction at each timestep and applies one DDIM or DDPM update, reporting the predicted
 * clean image x0 of every step (the live denoising frames).
 */
export interface Schedule {
  config: SchedulerConfig;
  alphasCumprod: Float64Array;
}

export function makeSchedule(config: SchedulerConfig): Schedule {
  return { config, alphasCumprod: alphasCumprodOf(config) };
}

/** The model's output for sample x (all images of the run) at integer timestep t. */
export type Denoise = (x: Float32Array, t: number) => Promise<Float32Array>;

export interface SamplerStep {
  /** 1-based step number. */
  step: number;
  total: number;
  timestep: number;
  /** Predicted clean images at this step, same layout as x. */
  x0: Float32Array;
}

export interface SampleRun {
  schedule: Schedule;
  sampling: Sampling;
  /** Starting noise, count images back to back (NCHW each). */
  xT: Float32Array;
  denoise: Denoise;
  noise: NoiseSource;
  /** Called before each model call; throw to stop (cancellation). */
  beforeStep?: () => void;
  onStep?: (step: SamplerStep) => void;
}

/** alphas_cumprod of the timestep each update moves to (diffusers' prev_timestep rules). */
export function previousAlpha(
  schedule: Schedule,
  sampling: Sampling,
  timesteps: number[],
  i: number,
) {
  const { config, alphasCumprod } = schedule;
  if (sampling.sampler === 'ddim') {
    // DDIMScheduler: prev = t - T // steps whatever the spacing; below 0 → final_alpha_cumprod.
    const prev = timesteps[i]! - Math.floor(config.num_train_timesteps / sampling.steps);
    if (prev >= 0) return alphasCumprod[prev]!;
    return config.set_alpha_to_one ? 1 : alphasCumprod[0]!;
  }
  // DDPMScheduler (with set_timesteps): the next timestep of the run, or 1 after the last.
  const prev = i + 1 < timesteps.length ? timesteps[i + 1]! : -1;
  return prev >= 0 ? alphasCumprod[prev]! : 1;
}

export async function runSampler(run: SampleRun): Promise<Float32Array> {
  const { schedule, sampling } = run;
  const timesteps = samplingTimesteps(schedule.config, sampling.steps);
  let x = run.xT;
  for (const [i, t] of timesteps.entries()) {
    run.beforeStep?.();
    const out = await run.denoise(x, t);
    if (out.length !== x.length)
      throw new Error(`the denoiser returned ${out.length} values for a sample of ${x.length}`);
    const input = {
      out,
      x,
      alphaProdT: schedule.alphasCumprod[t]!,
      alphaProdPrev: previousAlpha(schedule, sampling, timesteps, i),
    };
    const result =
      sampling.sampler === 'ddim'
        ? ddimStep(schedule.config, sampling.eta, {
            ...input,
            noise: sampling.eta > 0 ? run.noise.next() : null,
          })
        : ddpmStep(schedule.config, { ...input, noise: t > 0 ? run.noise.next() : null });
    x = result.prev;
    run.onStep?.({ step: i + 1, total: timesteps.length, timestep: t, x0: result.x0 });
  }
  return x;
}
