import { z } from 'zod';

/**
 * Diffusion models in the contract. The scheduler keeps the field names of a diffusers
 * `scheduler_config.json` (snake_case), so what `inspect` prints can be compared line by line with
 * the file a user brought; everything else is camelCase like the rest of the contract.
 */

export const SAMPLERS = ['ddim', 'ddpm'] as const;
export type SamplerName = (typeof SAMPLERS)[number];

/** Most steps a request may ask for (diffusers' usual num_train_timesteps). */
export const MAX_SAMPLING_STEPS = 1000;

/** What a request may say about sampling; missing fields take the model's defaults. */
export const samplingSchema = z
  .object({
    sampler: z.enum(SAMPLERS).optional(),
    steps: z.number().int().min(1).max(MAX_SAMPLING_STEPS).optional(),
    /** DDIM only: 0 is deterministic (x_T → image is a function), 1 is DDPM-like noise. */
    eta: z.number().min(0).max(1).optional(),
  })
  .strict();
export type SamplingRequest = z.infer<typeof samplingSchema>;

/** The settings an image was actually made with (stored in its PNG). */
export const resolvedSamplingSchema = z.object({
  sampler: z.enum(SAMPLERS),
  steps: z.number().int().min(1).max(MAX_SAMPLING_STEPS),
  eta: z.number().min(0).max(1),
});
export type Sampling = z.infer<typeof resolvedSamplingSchema>;

export const BETA_SCHEDULES = ['linear', 'scaled_linear', 'squaredcos_cap_v2'] as const;
export const PREDICTION_TYPES = ['epsilon', 'v_prediction', 'sample'] as const;
export const TIMESTEP_SPACINGS = ['leading', 'trailing', 'linspace'] as const;
export const VARIANCE_TYPES = ['fixed_small', 'fixed_large'] as const;

/** The scheduler a diffusion model samples with, every field resolved (diffusers' names). */
export const schedulerConfigSchema = z.object({
  num_train_timesteps: z.number().int().min(2).max(100_000),
  beta_start: z.number().gt(0).lt(1),
  beta_end: z.number().gt(0).lt(1),
  beta_schedule: z.enum(BETA_SCHEDULES),
  prediction_type: z.enum(PREDICTION_TYPES),
  clip_sample: z.boolean(),
  clip_sample_range: z.number().gt(0),
  set_alpha_to_one: z.boolean(),
  steps_offset: z.number().int().min(0),
  timestep_spacing: z.enum(TIMESTEP_SPACINGS),
  /** DDPM's noise variance: fixed_small (posterior, the default) or fixed_large (beta_t). */
  variance_type: z.enum(VARIANCE_TYPES),
});
export type SchedulerConfig = z.infer<typeof schedulerConfigSchema>;

export const timestepInputSchema = z.object({
  name: z.string(),
  type: z.enum(['int64', 'int32', 'float32', 'float64']),
  /** [N] one per image, [] a scalar, [1] one shared value. */
  shape: z.enum(['batch', 'scalar', 'one']),
});
export type TimestepInput = z.infer<typeof timestepInputSchema>;

export const diffusionInfoSchema = z.object({
  scheduler: schedulerConfigSchema,
  /** Whether the scheduler came from the sidecar manifest or is diffusers' DDPM default. */
  schedulerSource: z.enum(['manifest', 'default']),
  sampleInput: z.string(),
  timestep: timestepInputSchema,
  /** What sampling uses when a request leaves a field out. */
  defaults: resolvedSamplingSchema,
});
export type DiffusionInfo = z.infer<typeof diffusionInfoSchema>;

/**
 * Model families the library knows. autoregressive: a PixelCNN sampled pixel by pixel (its
 * latent is the sampling noise, see engine/autoregressive/pixel-sampler.ts); text models are
 * autoregressive too, with modality 'text' (autoregressive-schemas.ts).
 */
export const MODEL_KINDS = ['generator', 'diffusion', 'autoregressive'] as const;
export const modelKindSchema = z.enum(MODEL_KINDS);
export type ModelKind = z.infer<typeof modelKindSchema>;
