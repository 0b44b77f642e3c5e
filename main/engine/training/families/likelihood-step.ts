import type { Ops } from '../../autodiff/ops';
import type { NetSpec } from '../../nets/net-spec';
import { paramInfos } from '../../nets/net-shapes';
import { runNet } from '../../nets/run-net';
import { adamGroup, type AdamSettings } from './adam-ops';
import {
  getter,
  type StepIO,
  type StepOut,
  type StepProgram,
  type TensorSpec,
} from './step-program';

/**
 * One maximum-likelihood step of an autoregressive network (PixelCNN, text transformer): run the
 * network on the batch input, the family's NLL against the one-hot targets (nats per element),
 * one Adam update of every weight. The reported loss is the NLL in bits (÷ ln 2): bits per
 * dimension for images, bits per character for text.
 */
export interface LikelihoodOptions {
  net: NetSpec;
  /** Network input and one-hot target for a batch of n. */
  batchSpecs(n: number): { input: TensorSpec; target: TensorSpec };
  nll<T>(o: Ops<T>, logits: T, target: T): T;
  lossName: string;
  adam: AdamSettings;
}

export function likelihoodProgram(opt: LikelihoodOptions): StepProgram {
  const stateShapes: Record<string, number[]> = {};
  const trainable: string[] = [];
  for (const [name, info] of paramInfos(opt.net)) {
    stateShapes[`g.${name}`] = info.shape;
    if (!info.trainable) continue;
    trainable.push(`g.${name}`);
    stateShapes[`adam.ar.m.g.${name}`] = info.shape;
    stateShapes[`adam.ar.v.g.${name}`] = info.shape;
  }
  return {
    stateShapes,
    batchSpecs: (n) => opt.batchSpecs(n),
    scalarNames: ['adam.ar.c1', 'adam.ar.c2'],
    lossNames: [opt.lossName],
    run<T>(o: Ops<T>, io: StepIO<T>): StepOut<T> {
      const state = getter(io.state, 'training state');
      const batch = getter(io.batch, 'batch');
      const out: Record<string, T> = { ...io.state };
      const { value, grads } = o.valueAndGrads((ps) => {
        const table = Object.fromEntries(trainable.map((n, i) => [n, ps[i]!]));
        const p = (name: string) => table[`g.${name}`] ?? state(`g.${name}`);
        const logits = runNet(o, opt.net, p, batch('input'), { mode: 'train' });
        return { value: opt.nll(o, logits, batch('target')) };
      }, trainable.map(state));
      const named = (values: readonly T[]) =>
        Object.fromEntries(trainable.map((n, i) => [n, values[i]!]));
      const s = getter(io.scalars, 'step scalars');
      adamGroup(
        o,
        opt.adam,
        'ar',
        named(trainable.map(state)),
        named(grads),
        io.state,
        s('adam.ar.c1'),
        s('adam.ar.c2'),
        out,
      );
      return { state: out, losses: { [opt.lossName]: o.mul(value, o.scalar(1 / Math.LN2)) } };
    },
  };
}
