import type { SchedulerConfig } from '../../contract/diffusion-schemas';

/**
 * One update of DDIM or DDPM, following diffusers' DDIMScheduler.step and DDPMScheduler.step line
 * by line (thresholding off). Scalars are float64; each element is computed in float64 and stored
 * as float32, like the float32 tensors diffusers holds (at most one rounding per value).
 *
 * Shared first half (both samplers), with a_t = alphas_cumprod[t], b_t = 1 - a_t:
 *   epsilon:      x0 = (x - sqrt(b_t) * out) / sqrt(a_t)          eps = out
 *   sample:       x0 = out                                         eps = (x - sqrt(a_t) * x0) / sqrt(b_t)
 *   v_prediction: x0 = sqrt(a_t) * x - sqrt(b_t) * out             eps = sqrt(a_t) * out + sqrt(b_t) * x
 *   then x0 is clamped to ±clip_sample_range when clip_sample is on (eps is not recomputed,
 *   diffusers' use_clipped_model_output = False).
 */
export interface StepInput {
  /** The model's output at this step (epsilon, v or x0 by prediction_type). */
  out: Float32Array;
  /** x_t, the current sample. */
  x: Float32Array;
  alphaProdT: number;
  alphaProdPrev: number;
  /** Standard normal noise (same length as x) when this step adds noise, else null. */
  noise: Float32Array | null;
}

export interface StepResult {
  prev: Float32Array;
  x0: Float32Array;
}

/** x0 and eps of every element (float32, like diffusers' tensors), x0 clipped if configured. */
function predictX0(
  config: SchedulerConfig,
  out: Float32Array,
  x: Float32Array,
  sa: number,
  sb: number,
): { x0: Float32Array; eps: Float32Array } {
  const n = x.length;
  const x0 = new Float32Array(n);
  const eps = new Float32Array(n);
  // One loop per prediction type: no per-element branching on the hot path.
  if (config.prediction_type === 'epsilon') {
    for (let i = 0; i < n; i++) {
      x0[i] = (x[i]! - sb * out[i]!) / sa;
      eps[i] = out[i]!;
    }
  } else if (config.prediction_type === 'sample') {
    for (let i = 0; i < n; i++) {
      x0[i] = out[i]!;
      eps[i] = (x[i]! - sa * x0[i]!) / sb;
    }
  } else {
    for (let i = 0; i < n; i++) {
      x0[i] = sa * x[i]! - sb * out[i]!;
      eps[i] = sa * out[i]! + sb * x[i]!;
    }
  }
  if (config.clip_sample) {
    const r = config.clip_sample_range;
    for (let i = 0; i < n; i++) {
      const v = x0[i]!;
      if (v > r) x0[i] = r;
      else if (v < -r) x0[i] = -r;
    }
  }
  return { x0, eps };
}

/**
 * DDIM: std = eta * sqrt(b_prev / b_t * (1 - a_t / a_prev));
 * prev = sqrt(a_prev) * x0 + sqrt(1 - a_prev - std²) * eps + std * noise (noise only when eta > 0).
 */
export function ddimStep(config: SchedulerConfig, eta: number, s: StepInput): StepResult {
  const { alphaProdT: at, alphaProdPrev: ap } = s;
  const sa = Math.sqrt(at);
  const sb = Math.sqrt(1 - at);
  const variance = ((1 - ap) / (1 - at)) * (1 - at / ap);
  const std = eta * Math.sqrt(variance);
  const direction = Math.sqrt(1 - ap - std * std);
  const sap = Math.sqrt(ap);
  const { x0, eps } = predictX0(config, s.out, s.x, sa, sb);
  const prev = new Float32Array(s.x.length);
  const noise = eta > 0 ? s.noise : null;
  for (let i = 0; i < prev.length; i++) {
    const v = sap * x0[i]! + direction * eps[i]!;
    prev[i] = noise ? v + std * noise[i]! : v;
  }
  return { prev, x0 };
}

/**
 * DDPM (ancestral): with alpha_t = a_t / a_prev and beta_t = 1 - alpha_t,
 * mean = sqrt(a_prev) * beta_t / b_t * x0 + sqrt(alpha_t) * b_prev / b_t * x, and for t > 0
 * prev = mean + sqrt(var) * noise, var = max(b_prev / b_t * beta_t, 1e-20) (fixed_small) or
 * beta_t (fixed_large). The caller passes noise exactly when t > 0.
 */
export function ddpmStep(config: SchedulerConfig, s: StepInput): StepResult {
  const { alphaProdT: at, alphaProdPrev: ap } = s;
  const sa = Math.sqrt(at);
  const sb = Math.sqrt(1 - at);
  const alphaT = at / ap;
  const betaT = 1 - alphaT;
  const x0Coeff = (Math.sqrt(ap) * betaT) / (1 - at);
  const xCoeff = (Math.sqrt(alphaT) * (1 - ap)) / (1 - at);
  const variance =
    config.variance_type === 'fixed_large' ? betaT : Math.max(((1 - ap) / (1 - at)) * betaT, 1e-20);
  const std = Math.sqrt(variance);
  const { x0 } = predictX0(config, s.out, s.x, sa, sb);
  const prev = new Float32Array(s.x.length);
  const noise = s.noise;
  for (let i = 0; i < prev.length; i++) {
    const v = x0Coeff * x0[i]! + xCoeff * s.x[i]!;
    prev[i] = noise ? v + std * noise[i]! : v;
  }
  return { prev, x0 };
}
