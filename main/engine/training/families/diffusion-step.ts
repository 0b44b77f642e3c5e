import type { Ops } from '../../autodiff/ops';
import type { NetSpec } from '../../nets/net-spec';
import { paramInfos } from '../../nets/net-shapes';
import { runNet } from '../../nets/run-net';
import { adamGroup, type AdamSettings } from './adam-ops';
import { meanSquare, noised, velocity } from './diffusion-loss';
import { getter, type StepIO, type StepOut, type StepProgram } from './step-program';

/**
 * One diffusion training step (DDPM's simplified loss): for each image a timestep t and noise ε
 * (drawn in JS, fed as batch inputs, with a = √ᾱ_t and b = √(1 − ᾱ_t) from the run's noise
 * schedule), the noisy sample x_t = a·x0 + b·ε, the denoiser's prediction at (x_t, t), and the
 * mean squared error against ε (epsilon prediction) or v = a·ε − b·x0 (v-prediction); one Adam
 * step; then the EMA copy the model samples with follows (ema ← d·ema + (1−d)·θ).
 */
export type Prediction = 'epsilon' | 'v_prediction';
export interface DiffusionProgramOptions {
  denoiser: NetSpec;
  size: number;
  channels: number;
  prediction: Prediction;
  adam: AdamSettings;
}

/** The optimiser's role: state "adam.denoiser.m.g.<param>", scalars "adam.denoiser.c1|c2". */
export const DENOISER_ROLE = 'denoiser';

export function diffusionProgram(opt: DiffusionProgramOptions): StepProgram {
  const infos = paramInfos(opt.denoiser);
  const stateShapes: Record<string, number[]> = {};
  const trainable: string[] = [];
  for (const [name, info] of infos) {
    stateShapes[`g.${name}`] = info.shape;
    if (!info.trainable) continue;
    trainable.push(`g.${name}`);
    stateShapes[`ema.${name}`] = info.shape;
    stateShapes[`adam.${DENOISER_ROLE}.m.g.${name}`] = info.shape;
    stateShapes[`adam.${DENOISER_ROLE}.v.g.${name}`] = info.shape;
  }
  const image = [opt.channels, opt.size, opt.size];
  return {
    stateShapes,
    batchSpecs: (n) => ({
      real: { shape: [n, ...image], dtype: 'float32' },
      noise: { shape: [n, ...image], dtype: 'float32' },
      t: { shape: [n, 1], dtype: 'float32' },
      a: { shape: [n, 1, 1, 1], dtype: 'float32' },
      b: { shape: [n, 1, 1, 1], dtype: 'float32' },
    }),
    scalarNames: [`adam.${DENOISER_ROLE}.c1`, `adam.${DENOISER_ROLE}.c2`, 'ema.decay'],
    lossNames: ['loss'],
    run<T>(o: Ops<T>, io: StepIO<T>): StepOut<T> {
      const state = getter(io.state, 'training state');
      const batch = getter(io.batch, 'batch');
      const scalar = getter(io.scalars, 'step scalars');
      const [x0, eps, a, b] = [batch('real'), batch('noise'), batch('a'), batch('b')];
      const target = opt.prediction === 'epsilon' ? eps : velocity(o, x0, eps, a, b);
      const xt = noised(o, x0, eps, a, b);
      const { value, grads } = o.valueAndGrads((ps) => {
        const table = Object.fromEntries(trainable.map((n, i) => [n, ps[i]!]));
        const p = (name: string) => table[`g.${name}`] ?? state(`g.${name}`);
        const prediction = runNet(o, opt.denoiser, p, xt, {
          mode: 'train',
          inputs: { t: batch('t') },
        });
        return { value: meanSquare(o, prediction, target) };
      }, trainable.map(state));
      const out: Record<string, T> = { ...io.state };
      const named = (values: readonly T[]) =>
        Object.fromEntries(trainable.map((n, i) => [n, values[i]!]));
      adamGroup(
        o,
        opt.adam,
        DENOISER_ROLE,
        named(trainable.map(state)),
        named(grads),
        io.state,
        scalar(`adam.${DENOISER_ROLE}.c1`),
        scalar(`adam.${DENOISER_ROLE}.c2`),
        out,
      );
      const keep = o.sub(o.scalar(1), scalar('ema.decay'));
      for (const name of trainable) {
        const short = name.slice(2);
        const ema = state(`ema.${short}`);
        out[`ema.${short}`] = o.add(ema, o.mul(o.sub(out[name]!, ema), keep));
      }
      return { state: out, losses: { loss: value } };
    },
  };
}
