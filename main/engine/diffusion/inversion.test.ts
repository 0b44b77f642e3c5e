import { describe, expect, it } from 'vitest';
import type { SchedulerConfig } from '../../contract/diffusion-schemas';
import { sampleNormalLatent } from '../latent/prng';
import { invertDdim, inversionSampling } from './inversion';
import { documentedNoise } from './noise-stream';
import { makeSchedule, runSampler, type Denoise } from './sampler';
import { DIFFUSERS_DEFAULTS } from './scheduler-config';

/**
 * DDIM inversion against the app's own sampler, with denoisers simple enough to reason about:
 * - a denoiser whose output does not depend on x: the classic inversion is already exact (the
 *   output it reads at x_prev is the one the sampler will read at x_t), for the prediction
 *   types, spacings and clipping settings below;
 * - a smooth nonlinear one (0.5·tanh(x) plus a timestep term): the classic inversion leaves an
 *   error that the fixed-point refinements shrink by orders of magnitude.
 */
const DIM = 3 * 4 * 4;
const maxAbs = (a: Float32Array, b: Float32Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

function config(patch: Partial<SchedulerConfig>): SchedulerConfig {
  return { ...DIFFUSERS_DEFAULTS, clip_sample: false, ...patch };
}

/** An image in [-0.9, 0.9] (inside every clip range) from a seed. */
function image(seed: number): Float32Array {
  return sampleNormalLatent(seed, DIM).map((v) => 0.9 * Math.tanh(v));
}

async function roundTrip(cfg: SchedulerConfig, steps: number, denoise: Denoise, refinements = 0) {
  const schedule = makeSchedule(cfg);
  const target = image(5);
  const xT = await invertDdim({ schedule, steps, refinements, image: target, denoise });
  const back = await runSampler({
    schedule,
    sampling: inversionSampling(steps),
    xT,
    denoise,
    noise: documentedNoise(xT, 1),
  });
  return { xT, error: maxAbs(back, target) };
}

const constant: Denoise = (x) =>
  Promise.resolve(new Float32Array(x.length).map((_, i) => 0.3 * Math.sin(i)));
const smooth: Denoise = (x, t) =>
  Promise.resolve(x.map((v, i) => 0.5 * Math.tanh(v) + 0.1 * Math.cos(i + t / 100)));

describe('DDIM inversion', () => {
  it.each([
    ['epsilon, leading', config({})],
    [
      'epsilon, trailing, set_alpha_to_one false',
      config({ timestep_spacing: 'trailing', set_alpha_to_one: false }),
    ],
    [
      'v_prediction, cosine, linspace',
      config({
        prediction_type: 'v_prediction',
        beta_schedule: 'squaredcos_cap_v2',
        timestep_spacing: 'linspace',
      }),
    ],
    ['epsilon, clip_sample on', config({ clip_sample: true })],
  ])(
    'undoes the sampler exactly when the model output does not depend on x (%s)',
    async (_, cfg) => {
      const { error } = await roundTrip(cfg, 10, constant, 0);
      expect(error).toBeLessThan(1e-5);
    },
  );

  it('shrinks the round-trip error with fixed-point refinements (nonlinear denoiser)', async () => {
    const cfg = config({});
    const classic = await roundTrip(cfg, 10, smooth, 0);
    const refined = await roundTrip(cfg, 10, smooth, 4);
    expect(classic.error).toBeGreaterThan(1e-3);
    expect(refined.error).toBeLessThan(classic.error / 100);
  });

  it('inverts x0 ("sample") prediction with refinements, from a clean level of alpha 1', async () => {
    const cfg = config({
      prediction_type: 'sample',
      num_train_timesteps: 500,
      beta_schedule: 'scaled_linear',
      beta_start: 0.00085,
      beta_end: 0.012,
      timestep_spacing: 'linspace',
    });
    const denoise: Denoise = (x) => Promise.resolve(x.map((v) => 0.8 * v));
    const classic = await roundTrip(cfg, 10, denoise, 0);
    const { xT, error } = await roundTrip(cfg, 10, denoise, 20);
    expect(error).toBeLessThan(classic.error / 10);
    expect(xT.every(Number.isFinite)).toBe(true);
    expect(error).toBeLessThan(1e-3);
  });

  it('recovers the starting noise of a sample (the DDIM map is one to one)', async () => {
    const schedule = makeSchedule(config({}));
    const xT = sampleNormalLatent(9, DIM);
    const sampled = await runSampler({
      schedule,
      sampling: inversionSampling(20),
      xT,
      denoise: smooth,
      noise: documentedNoise(xT, 1),
    });
    const found = await invertDdim({
      schedule,
      steps: 20,
      refinements: 6,
      image: sampled,
      denoise: smooth,
    });
    expect(maxAbs(found, xT)).toBeLessThan(1e-3);
  });

  it('stops when beforeStep throws (cancellation) and reports each step', async () => {
    const seen: number[] = [];
    const run = invertDdim({
      schedule: makeSchedule(config({})),
      steps: 5,
      refinements: 0,
      image: image(1),
      denoise: smooth,
      onStep: (step) => seen.push(step),
      beforeStep: () => {
        if (seen.length === 3) throw new Error('cancelled');
      },
    });
    await expect(run).rejects.toThrow('cancelled');
    expect(seen).toEqual([1, 2, 3]);
  });
});
