import type { Sampling, SchedulerConfig } from '../../../contract/diffusion-schemas';
import type { TrainConfig } from '../../../contract/training-schemas';
import { alphasCumprodOf } from '../../diffusion/noise-schedule';
import { DIFFUSERS_DEFAULTS } from '../../diffusion/scheduler-config';
import { unetDenoiser } from '../../nets/unet';
import { normals, stepRng } from '../step-rng';
import type { AdamSettings } from './adam-ops';
import { DENOISER_ROLE, diffusionProgram } from './diffusion-step';
import type { ModelSetup, TrainingFamily } from './family';
import { corrections, emaDecay, initialFrom } from './family-parts';
import { nhwcToNchw } from './layout';

/**
 * The diffusion family: a U-Net denoiser (nets/unet.ts) trained with DDPM's loss
 * (diffusion-step.ts), 1000 timesteps on a linear or cosine schedule, sampled with DDIM through
 * the engine's own scheduler code (main/engine/diffusion/), which the exported model uses too.
 */
export const TRAIN_TIMESTEPS = 1000;

/** What previews and live FID/KID samples use: deterministic DDIM, few steps. */
export const TRAINING_SAMPLING: Sampling = { sampler: 'ddim', steps: 20, eta: 0 };

/**
 * The scheduler a run trains with, in diffusers' terms: the `scheduler` block of the exported
 * model's manifest and the noise the training step adds come from this one description.
 * Trailing spacing starts sampling at t = T−1 whatever the number of steps (few-step DDIM then
 * begins from pure noise); samples are clipped to [-1, 1], the training data's range.
 */
export function trainingScheduler(config: TrainConfig): SchedulerConfig {
  return {
    ...DIFFUSERS_DEFAULTS,
    num_train_timesteps: TRAIN_TIMESTEPS,
    beta_start: 0.0001,
    beta_end: 0.02,
    beta_schedule: config.noiseSchedule === 'cosine' ? 'squaredcos_cap_v2' : 'linear',
    prediction_type: config.prediction ?? 'epsilon',
    clip_sample: true,
    clip_sample_range: 1,
    set_alpha_to_one: true,
    steps_offset: 0,
    timestep_spacing: 'trailing',
    variance_type: 'fixed_small',
  };
}

export function diffusionFamily(setup: ModelSetup): TrainingFamily {
  const { config, width } = setup;
  if (config.size === 28)
    throw new Error('Diffusion models train at 32 or 64 px; 28 px is for PixelCNNs.');
  const denoiser = unetDenoiser({ size: config.size, channels: config.channels, width });
  const nets = { g: denoiser };
  const adam: AdamSettings = {
    learningRate: config.learningRate,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
  };
  const scheduler = trainingScheduler(config);
  const alphasCumprod = alphasCumprodOf(scheduler);
  const program = diffusionProgram({
    denoiser,
    size: config.size,
    channels: config.channels,
    prediction: scheduler.prediction_type === 'v_prediction' ? 'v_prediction' : 'epsilon',
    adam,
  });
  const perImage = config.channels * config.size * config.size;
  return {
    setup,
    nets,
    program,
    optimizers: { [DENOISER_ROLE]: adam },
    initialState: () => initialFrom(program, nets, config.seed),
    batchInputs(nhwc, n, step) {
      // Uniform timesteps 0 … T−1 (multiples of 2^-24 times T, floored: every t equally likely).
      const rng = stepRng(config.seed, step, 'diffusion-t');
      const t = new Float32Array(n);
      const a = new Float32Array(n);
      const b = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const ti = Math.floor(rng.nextFloat() * TRAIN_TIMESTEPS);
        const bar = alphasCumprod[ti]!;
        t[i] = ti;
        a[i] = Math.sqrt(bar);
        b[i] = Math.sqrt(1 - bar);
      }
      return {
        real: nhwcToNchw(nhwc, n, config.size, config.size, config.channels),
        noise: normals(stepRng(config.seed, step, 'diffusion-noise'), n * perImage),
        t,
        a,
        b,
      };
    },
    scalars: (step, t) => ({ ...corrections(DENOISER_ROLE, adam, t), 'ema.decay': emaDecay(step) }),
    sampler: {
      spec: denoiser,
      prefix: 'ema',
      standingStats: false,
      latentSize: perImage,
      diffusion: { scheduler, sampling: TRAINING_SAMPLING },
    },
  };
}
