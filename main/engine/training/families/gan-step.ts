import type { Ops } from '../../autodiff/ops';
import type { NetSpec } from '../../nets/net-spec';
import { paramInfos } from '../../nets/net-shapes';
import { runNet } from '../../nets/run-net';
import { adamGroup, type AdamSettings } from './adam-ops';
import { applyAugmentOps, type AugmentInputs } from './diff-augment-ops';
import { runningStatUpdates } from './running-stats';
import {
  getter,
  type StepIO,
  type StepOut,
  type StepProgram,
  type TensorSpec,
} from './step-program';

/**
 * One GAN step, the DCGAN loop: the generator makes one batch from z; the critic is updated on
 * real and (detached) fake images; then the generator is updated through the UPDATED critic on
 * the same fakes; then the generator's EMA copy follows (ema ← d·ema + (1−d)·g, d per step).
 * With DiffAugment every critic input is augmented (real, fake, and the generator pass, each with
 * its own draw). Losses: non-saturating BCE with logits, or hinge.
 */
export interface GanProgramOptions {
  generator: NetSpec;
  critic: NetSpec;
  latentDim: number;
  size: number;
  channels: number;
  loss: 'nonsaturating' | 'hinge';
  augment: boolean;
  adamG: AdamSettings;
  adamD: AdamSettings;
}

const AUG_SETS = ['real', 'fake', 'g'] as const;

export function ganProgram(opt: GanProgramOptions): StepProgram {
  const gInfo = paramInfos(opt.generator);
  const dInfo = paramInfos(opt.critic);
  const stateShapes: Record<string, number[]> = {};
  for (const [name, info] of gInfo) {
    stateShapes[`g.${name}`] = info.shape;
    if (info.trainable) {
      stateShapes[`ema.${name}`] = info.shape;
      stateShapes[`adam.g.m.g.${name}`] = info.shape;
      stateShapes[`adam.g.v.g.${name}`] = info.shape;
    }
  }
  for (const [name, info] of dInfo) {
    stateShapes[`d.${name}`] = info.shape;
    if (info.trainable) {
      stateShapes[`adam.d.m.d.${name}`] = info.shape;
      stateShapes[`adam.d.v.d.${name}`] = info.shape;
    }
  }
  const trainableNames = (prefix: string, info: typeof gInfo) =>
    [...info].filter(([, i]) => i.trainable).map(([n]) => `${prefix}.${n}`);
  const gNames = trainableNames('g', gInfo);
  const dNames = trainableNames('d', dInfo);

  return {
    stateShapes,
    batchSpecs(n: number): Record<string, TensorSpec> {
      const specs: Record<string, TensorSpec> = {
        real: { shape: [n, opt.channels, opt.size, opt.size], dtype: 'float32' },
        z: { shape: [n, opt.latentDim], dtype: 'float32' },
      };
      if (opt.augment)
        for (const set of AUG_SETS) {
          for (const k of ['brightness', 'saturation', 'contrast'])
            specs[`aug.${set}.${k}`] = { shape: [n], dtype: 'float32' };
          specs[`aug.${set}.index`] = { shape: [n, opt.size * opt.size], dtype: 'int64' };
        }
      return specs;
    },
    scalarNames: ['adam.g.c1', 'adam.g.c2', 'adam.d.c1', 'adam.d.c2', 'ema.decay'],
    lossNames: ['d', 'g'],
    run<T>(o: Ops<T>, io: StepIO<T>): StepOut<T> {
      const state = getter(io.state, 'training state');
      const batch = getter(io.batch, 'batch');
      const scalar = getter(io.scalars, 'step scalars');
      const aug = (set: (typeof AUG_SETS)[number], x: T): T => {
        if (!opt.augment) return x;
        const a: AugmentInputs<T> = {
          brightness: batch(`aug.${set}.brightness`),
          saturation: batch(`aug.${set}.saturation`),
          contrast: batch(`aug.${set}.contrast`),
          index: batch(`aug.${set}.index`),
        };
        return applyAugmentOps(o, x, a);
      };
      const z = batch('z');
      const stats: { layer: number; mean: T; variance: T }[] = [];
      const generate = (g: (name: string) => T, record: boolean) =>
        runNet(o, opt.generator, g, z, {
          mode: 'train',
          ...(record && {
            onBatchStats: (layer, mean, variance) => stats.push({ layer, mean, variance }),
          }),
        });
      const critic = (d: (name: string) => T, x: T) =>
        runNet(o, opt.critic, d, x, { mode: 'train' });
      const lossD = (real: T, fake: T) =>
        opt.loss === 'hinge'
          ? o.add(
              o.mean(o.relu(o.sub(o.scalar(1), real)), [0, 1]),
              o.mean(o.relu(o.add(o.scalar(1), fake)), [0, 1]),
            )
          : o.add(o.mean(o.softplus(o.neg(real)), [0, 1]), o.mean(o.softplus(fake), [0, 1]));
      const lossG = (fake: T) =>
        opt.loss === 'hinge'
          ? o.neg(o.mean(fake, [0, 1]))
          : o.mean(o.softplus(o.neg(fake)), [0, 1]);
      const named = (names: string[], values: readonly T[]) =>
        Object.fromEntries(names.map((n, i) => [n, values[i]!]));
      const within = (names: string[], values: readonly T[]) => {
        const table = named(names, values);
        return (prefix: string) => (name: string) =>
          table[`${prefix}.${name}`] ?? state(`${prefix}.${name}`);
      };

      const fake = o.stopGradient(generate((n) => state(`g.${n}`), true));
      const d = o.valueAndGrads((ps) => {
        const p = within(dNames, ps)('d');
        const real = critic(p, aug('real', batch('real')));
        const fakes = critic(p, aug('fake', fake));
        return { value: lossD(real, fakes) };
      }, dNames.map(state));
      const out: Record<string, T> = { ...io.state };
      adamGroup(
        o,
        opt.adamD,
        'd',
        named(dNames, dNames.map(state)),
        named(dNames, d.grads),
        io.state,
        scalar('adam.d.c1'),
        scalar('adam.d.c2'),
        out,
      );
      const updatedD = (name: string) => out[`d.${name}`] ?? state(`d.${name}`);

      const g = o.valueAndGrads((ps) => {
        const images = generate(within(gNames, ps)('g'), false);
        return { value: lossG(critic(updatedD, aug('g', images))) };
      }, gNames.map(state));
      adamGroup(
        o,
        opt.adamG,
        'g',
        named(gNames, gNames.map(state)),
        named(gNames, g.grads),
        io.state,
        scalar('adam.g.c1'),
        scalar('adam.g.c2'),
        out,
      );

      Object.assign(out, runningStatUpdates(o, opt.generator, 'g', stats, state, o.shape(z)[0]!));
      const decay = scalar('ema.decay');
      for (const name of gNames) {
        const short = name.slice(2);
        const ema = state(`ema.${short}`);
        out[`ema.${short}`] = o.add(ema, o.mul(o.sub(out[name]!, ema), o.sub(o.scalar(1), decay)));
      }
      return {
        state: out,
        losses: { d: d.value, g: g.value },
      };
    },
  };
}
