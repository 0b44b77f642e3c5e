import { initNetParams } from '../../nets/net-params';
import type { NetSpec } from '../../nets/net-spec';
import type { StateArrays } from '../runtime/step-runner';
import { stepRng } from '../step-rng';
import type { AdamSettings } from './adam-ops';
import type { StepProgram } from './step-program';

/** Pieces every family uses: the initial state, Adam's per-step corrections, the EMA decay. */

/** EMA decay of the sampling copy: min(0.999, (1+t)/(10+t)), so early samples are not stale. */
export function emaDecay(step: number): number {
  return Math.min(0.999, (1 + step) / (10 + step));
}

/**
 * EMA decay whose half-life is `share` of the steps so far (StyleGAN2-ADA's ramp, with a shorter
 * share), capped at 0.999 as emaDecay. A GAN's generator improves fast for its first thousands of
 * steps; a fixed-shape EMA then samples a generator tens of steps old (training README, "The
 * sampling copy").
 */
export function rampedEmaDecay(step: number, share: number): number {
  return Math.min(0.999, 0.5 ** (1 / (share * (step + 1))));
}

/** Zeros for every state tensor, fresh weights for each network, EMA copies equal to "g". */
export function initialFrom(
  program: StepProgram,
  nets: Record<string, NetSpec>,
  seed: number,
): StateArrays {
  const rng = stepRng(seed, 0, 'init');
  const state: StateArrays = {};
  for (const [name, shape] of Object.entries(program.stateShapes))
    state[name] = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (const [prefix, spec] of Object.entries(nets))
    for (const [k, v] of Object.entries(initNetParams(spec, rng))) {
      state[`${prefix}.${k}`] = v.data;
      if (prefix === 'g' && state[`ema.${k}`]) state[`ema.${k}`] = Float32Array.from(v.data);
    }
  return state;
}

/** Adam's bias corrections for each role's update count t (this step included). */
export function corrections(
  role: string,
  s: AdamSettings,
  t: Readonly<Record<string, number>>,
): Record<string, number> {
  const step = t[role] ?? 1;
  return {
    [`adam.${role}.c1`]: 1 - Math.pow(s.beta1, step),
    [`adam.${role}.c2`]: 1 - Math.pow(s.beta2, step),
  };
}
