import type { Sampling, SamplingRequest, SchedulerConfig } from '../../contract/diffusion-schemas';
import { samplingTimesteps } from './timesteps';

/** diffusers DDIMPipeline's defaults: 50 deterministic DDIM steps. */
export const DEFAULT_SAMPLING: Sampling = { sampler: 'ddim', steps: 50, eta: 0 };

/** A model's defaults: the manifest's, else DDIM with 50 steps (fewer if it has fewer timesteps). */
export function modelSamplingDefaults(
  config: SchedulerConfig,
  manifest: Partial<Sampling> | undefined,
): Sampling {
  const steps = Math.min(DEFAULT_SAMPLING.steps, config.num_train_timesteps);
  return resolveSampling({ ...DEFAULT_SAMPLING, steps }, manifest ?? {}, config);
}

/**
 * The settings a render uses: the request's fields over the model's defaults. eta belongs to DDIM,
 * so DDPM runs record eta 0 (what they used). Steps are checked against the scheduler (in words).
 */
export function resolveSampling(
  defaults: Sampling,
  request: SamplingRequest | undefined,
  config: SchedulerConfig,
): Sampling {
  const sampler = request?.sampler ?? defaults.sampler;
  const steps = request?.steps ?? defaults.steps;
  const eta = sampler === 'ddpm' ? 0 : (request?.eta ?? defaults.eta);
  samplingTimesteps(config, steps); // throws BAD_REQUEST when the steps do not fit
  return { sampler, steps, eta };
}

/** "DDIM 50 steps, eta 0" */
export function describeSampling(s: Sampling): string {
  const base = `${s.sampler.toUpperCase()} ${s.steps} step${s.steps === 1 ? '' : 's'}`;
  return s.sampler === 'ddim' ? `${base}, eta ${s.eta}` : base;
}
