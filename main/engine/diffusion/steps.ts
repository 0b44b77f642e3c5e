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

function predictX0(
  config: SchedulerConfig,
  out: number,
  x: number,
  sa: number,
  sb: number,
): [number, number] {
  let x0: number;
  let eps: number;
  if (config.prediction_type === 'epsilon') {
    x0 = (x - sb * out) / sa;
    eps = out;
  } else if (config.prediction_type === 'sample') {
    x0 = out;
    eps = (x - sa * x0) / sb;
  } else {
    x0 = sa * x - sb * out;
    eps = sa * out + sb * x;
  }
  if (config.clip_sample) {
    const r = config.clip_sample_range;
    x0 = x0 < -r ? -r : x0 > r ? r : x0;
  }
  return [Math.fround(x0), Math.fround(eps)];
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
  const prev = new Float32Array(s.x.length);
  const x0 = new Float32Array(s.x.length);
  for (let i = 0; i < prev.length; i++) {
    const [p0, eps] = predictX0(config, s.out[i]!, s.x[i]!, sa, sb);
    x0[i] = p0;
    let v = sap * p0 + direction * eps;
    if (eta > 0 && s.noise) v += std * s.noise[i]!;
    prev[i] = v;
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
  const prev = new Float32Array(s.x.length);
  const x0 = new Float32Array(s.x.length);
  for (let i = 0; i < prev.length; i++) {
    const x = s.x[i]!;
    const [p0] = predictX0(config, s.out[i]!, x, sa, sb);
    x0[i] = p0;
    let v = x0Coeff * p0 + xCoeff * x;
    if (s.noise) v += std * s.noise[i]!;
    prev[i] = v;
  }
  return { prev, x0 };
}
