import type { SchedulerConfig } from '../../contract/diffusion-schemas';

/**
 * Betas and alphas_cumprod as diffusers builds them: the betas are float32 tensors
 * (torch.linspace(..., dtype=float32), or the Glide cosine in float64 then float32), alphas =
 * 1 - betas in float32, and torch.cumprod accumulates in double on the CPU and stores float32.
 * We round at the same places (Math.fround), so our alphas_cumprod equal diffusers' to about one
 * float32 ulp; the sampler then works in float64 from these values.
 */

/** torch.linspace in float32: the value at i, rounded to float32. */
function linspace32(start: number, end: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++)
    out[i] = Math.fround(n === 1 ? start : start + ((end - start) * i) / (n - 1));
  return out;
}

/** Glide's cosine schedule (diffusers betas_for_alpha_bar, max_beta 0.999). */
function cosineBetas(n: number): Float64Array {
  const alphaBar = (t: number) => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++)
    out[i] = Math.fround(Math.min(1 - alphaBar((i + 1) / n) / alphaBar(i / n), 0.999));
  return out;
}

export function betasOf(config: SchedulerConfig): Float64Array {
  const n = config.num_train_timesteps;
  switch (config.beta_schedule) {
    case 'linear':
      return linspace32(config.beta_start, config.beta_end, n);
    case 'scaled_linear':
      return linspace32(Math.sqrt(config.beta_start), Math.sqrt(config.beta_end), n).map((b) =>
        Math.fround(b * b),
      );
    case 'squaredcos_cap_v2':
      return cosineBetas(n);
  }
}

export function alphasCumprodOf(config: SchedulerConfig): Float64Array {
  const betas = betasOf(config);
  const out = new Float64Array(betas.length);
  let product = 1;
  for (let i = 0; i < betas.length; i++) {
    product *= Math.fround(1 - betas[i]!);
    out[i] = Math.fround(product);
  }
  return out;
}
