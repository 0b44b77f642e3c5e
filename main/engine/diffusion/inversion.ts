import type { Sampling } from '../../contract/diffusion-schemas';
import { previousAlpha, type Denoise, type Schedule } from './sampler';
import { ddimStep } from './steps';
import { samplingTimesteps } from './timesteps';

/**
 * DDIM inversion: image → x_T by running the deterministic DDIM (eta = 0) updates backwards, so
 * that sampling x_T with the same steps gives the image back. Runtime-free like the sampler.
 *
 * Sampling step i (timestep t, a_t = alphas_cumprod[t], a_p = the alpha it moves to) computes
 *   x_prev = sqrt(a_p)·x0 + sqrt(1 − a_p)·eps,   x0 = A·x_t + B·out,  eps = C·x_t + D·out
 * with the model's output `out` at (x_t, t) and (A, B, C, D) of the prediction type read at a_t
 * (steps.ts). With `out` held fixed that is linear in x_t, so
 *   x_t = (x_prev − E·out) / K,   K = sqrt(a_p)·A + sqrt(1 − a_p)·C,  E = sqrt(a_p)·B + sqrt(1 − a_p)·D.
 * `out` is not known, since it depends on x_t itself:
 * - the classic inversion (Song et al. 2021; for epsilon models exactly diffusers'
 *   DDIMInverseScheduler and null-text inversion's loop) uses the model's output at (x_prev, t);
 * - each of `refinements` re-evaluates the model at the current x_t and solves again: a
 *   fixed-point iteration whose fixed point the sampler maps exactly onto x_prev (Pan et al.
 *   2023, "accelerated iterative diffusion inversion"), at one more model call per step.
 * With clip_sample on, x0 is clipped as the sampler clips it and x_t rebuilt as
 * sqrt(a_t)·x0 + sqrt(1 − a_t)·eps (diffusers' inverse scheduler clips too). One step has no
 * solution for `out` fixed: x0 ("sample") prediction into a_p = 1 (set_alpha_to_one), where the
 * sampler returns the model's x0 itself; there x_t moves by sqrt(a_t)·(x_prev − x0(x_t)) per call.
 * Each step inverts the sampler's own (a_t, a_p) pair, so every timestep spacing inverts its own
 * sampling run, including linspace/trailing runs where t − T//steps is not the next timestep.
 */
export interface InversionRun {
  schedule: Schedule;
  /** DDIM steps; sampling x_T with DDIM, these steps and eta 0 reproduces the image. */
  steps: number;
  /** Fixed-point iterations per step after the classic estimate (0: classic DDIM inversion). */
  refinements: number;
  /** The clean images, count back to back (NCHW each), in the model's value range. */
  image: Float32Array;
  denoise: Denoise;
  /** Called before each model call; throw to stop (cancellation). */
  beforeStep?: () => void;
  /** After each inverted step (1-based, counting from the image). */
  onStep?: (step: number, total: number, timestep: number) => void;
}

/** Sampling settings that reproduce an inversion's result. */
export function inversionSampling(steps: number): Sampling {
  return { sampler: 'ddim', steps, eta: 0 };
}

/** x0 = A·x + B·out and eps = C·x + D·out at noise level a (the conversions of steps.ts). */
function coefficients(run: InversionRun, a: number): [number, number, number, number] {
  const sa = Math.sqrt(a);
  const sb = Math.sqrt(1 - a);
  const kind = run.schedule.config.prediction_type;
  if (kind === 'epsilon') return [1 / sa, -sb / sa, 0, 1];
  if (kind === 'sample') return [0, 1, 1 / sb, -sa / sb];
  return [sa, -sb, sb, sa]; // v_prediction
}

/** x_t whose DDIM update with model output `out` lands on x_prev (`x` is the current guess). */
function solveStep(
  run: InversionRun,
  xPrev: Float32Array,
  out: Float32Array,
  x: Float32Array,
  at: number,
  ap: number,
): Float32Array {
  const { clip_sample: clip, clip_sample_range: r } = run.schedule.config;
  const [A, B, C, D] = coefficients(run, at);
  const sap = Math.sqrt(ap);
  const sbp = Math.sqrt(1 - ap);
  const K = sap * A + sbp * C;
  const E = sap * B + sbp * D;
  const sa = Math.sqrt(at);
  const sb = Math.sqrt(1 - at);
  const next = new Float32Array(xPrev.length);
  for (let i = 0; i < next.length; i++) {
    // x0 prediction into a_p = 1 (K = 0): the sampler's result is x0 itself; move toward it.
    let v = K > 1e-9 ? (xPrev[i]! - E * out[i]!) / K : x[i]! + sa * (xPrev[i]! - out[i]!);
    if (clip) {
      const x0 = A * v + B * out[i]!;
      if (x0 > r || x0 < -r) v = sa * Math.min(r, Math.max(-r, x0)) + sb * (C * v + D * out[i]!);
    }
    next[i] = v;
  }
  return next;
}

function rms(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s / a.length);
}

export async function invertDdim(run: InversionRun): Promise<Float32Array> {
  const { schedule } = run;
  const { config } = schedule;
  const sampling = inversionSampling(run.steps);
  const timesteps = samplingTimesteps(schedule.config, run.steps);
  const check = (out: Float32Array, x: Float32Array) => {
    if (out.length !== x.length)
      throw new Error(`the denoiser returned ${out.length} values for a sample of ${x.length}`);
    return out;
  };
  let x = run.image;
  for (let k = timesteps.length - 1, done = 1; k >= 0; k--, done++) {
    const t = timesteps[k]!;
    const at = schedule.alphasCumprod[t]!;
    const ap = previousAlpha(schedule, sampling, timesteps, k);
    run.beforeStep?.();
    let xt = solveStep(run, x, check(await run.denoise(x, t), x), x, at, ap);
    // Refinements keep the best guess by its residual (how far the sampler's update of it lands
    // from x_prev) and halve the move when a guess got worse: where the model's output moves
    // faster with x_t than the step can absorb (x0 prediction near a clean level), the plain
    // fixed-point iteration would diverge.
    let best: { x: Float32Array; out: Float32Array; residual: number } | null = null;
    let damping = 1;
    for (let j = 0; j < run.refinements; j++) {
      run.beforeStep?.();
      const out = check(await run.denoise(xt, t), xt);
      const residual = rms(
        ddimStep(config, 0, { out, x: xt, alphaProdT: at, alphaProdPrev: ap, noise: null }).prev,
        x,
      );
      if (!best || residual < best.residual) best = { x: xt, out, residual };
      else damping /= 2;
      const proposal = solveStep(run, x, best.out, best.x, at, ap);
      xt = best.x.map((v, i) => v + damping * (proposal[i]! - v));
      if (j === run.refinements - 1 && damping < 1) xt = best.x;
    }
    x = xt;
    run.onStep?.(done, timesteps.length, t);
  }
  return x;
}
