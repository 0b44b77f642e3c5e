import { z } from 'zod';
import {
  BETA_SCHEDULES,
  PREDICTION_TYPES,
  TIMESTEP_SPACINGS,
  type SchedulerConfig,
} from '../../contract/diffusion-schemas';

/**
 * The `scheduler` block of a diffusion model's sidecar manifest: the fields of a diffusers
 * `scheduler_config.json` (DDPMScheduler or DDIMScheduler), pasted as they are. Missing fields take
 * diffusers' defaults (DIFFUSERS_DEFAULTS). Fields the studio cannot honour are refused when set
 * to anything but their inert value, so a model never samples differently from what its file says;
 * fields of other schedulers (karras sigmas, solver orders, …) do not change DDPM/DDIM and are
 * ignored with a warning.
 */
export const DIFFUSERS_DEFAULTS: SchedulerConfig = {
  num_train_timesteps: 1000,
  beta_start: 0.0001,
  beta_end: 0.02,
  beta_schedule: 'linear',
  prediction_type: 'epsilon',
  clip_sample: true,
  clip_sample_range: 1,
  set_alpha_to_one: true,
  steps_offset: 0,
  timestep_spacing: 'leading',
  variance_type: 'fixed_small',
};

const inert = (value: unknown, why: string) =>
  z
    .unknown()
    .refine((v) => v === undefined || v === null || v === value, why)
    .optional();

export const schedulerManifestSchema = z.looseObject({
  num_train_timesteps: z.number().int().min(2).max(100_000).optional(),
  beta_start: z.number().gt(0).lt(1).optional(),
  beta_end: z.number().gt(0).lt(1).optional(),
  beta_schedule: z
    .enum(BETA_SCHEDULES, {
      error: `beta_schedule must be one of ${BETA_SCHEDULES.join(', ')}`,
    })
    .optional(),
  prediction_type: z
    .enum(PREDICTION_TYPES, {
      error: `prediction_type must be one of ${PREDICTION_TYPES.join(', ')}`,
    })
    .optional(),
  clip_sample: z.boolean().optional(),
  clip_sample_range: z.number().gt(0).optional(),
  set_alpha_to_one: z.boolean().optional(),
  steps_offset: z.number().int().min(0).optional(),
  timestep_spacing: z
    .enum(TIMESTEP_SPACINGS, {
      error: `timestep_spacing must be one of ${TIMESTEP_SPACINGS.join(', ')}`,
    })
    .optional(),
  // fixed_small_log is fixed_small computed through a log (the same numbers).
  variance_type: z
    .enum(['fixed_small', 'fixed_small_log', 'fixed_large'], {
      error:
        'variance_type must be fixed_small or fixed_large (learned variances need a second output the studio does not read)',
    })
    .optional(),
  thresholding: inert(false, 'dynamic thresholding is not supported: set thresholding to false'),
  trained_betas: inert(null, 'trained_betas is not supported: give beta_schedule instead'),
  rescale_betas_zero_snr: inert(false, 'rescale_betas_zero_snr is not supported'),
});
export type SchedulerManifest = z.infer<typeof schedulerManifestSchema>;

/** Keys that are bookkeeping or only matter when a refused option is on. */
const QUIET_KEYS = new Set([
  'thresholding',
  'trained_betas',
  'rescale_betas_zero_snr',
  'dynamic_thresholding_ratio',
  'sample_max_value',
]);

/** The resolved scheduler, and the keys it ignored (for the model's warnings). */
export function resolveSchedulerConfig(manifest: SchedulerManifest | undefined): {
  config: SchedulerConfig;
  warnings: string[];
} {
  if (manifest === undefined) {
    return {
      config: { ...DIFFUSERS_DEFAULTS },
      warnings: [
        'its manifest gives no scheduler, so it samples with diffusers DDPMScheduler defaults (1000 steps, linear betas 0.0001–0.02, epsilon prediction)',
      ],
    };
  }
  const config = { ...DIFFUSERS_DEFAULTS };
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(manifest)) {
    if (key in DIFFUSERS_DEFAULTS) {
      if (value !== undefined) Object.assign(config, { [key]: value });
    } else if (!key.startsWith('_') && !QUIET_KEYS.has(key)) ignored.push(key);
  }
  if ((config.variance_type as string) === 'fixed_small_log') config.variance_type = 'fixed_small';
  const warnings =
    ignored.length === 0
      ? []
      : [`scheduler fields not used by DDPM/DDIM were ignored: ${ignored.sort().join(', ')}`];
  return { config, warnings };
}
