import type { Ops } from '../../autodiff/ops';
import type { NetSpec } from '../../nets/net-spec';
import { paramInfos } from '../../nets/net-shapes';
import { runNet } from '../../nets/run-net';
import { adamGroup, type AdamSettings } from './adam-ops';
import { momentsFromAux, runningStatUpdates } from './running-stats';
import { getter, type StepIO, type StepOut, type StepProgram } from './step-program';

/**
 * One VAE step: encode x to (μ, log σ²), sample z = μ + σ·ε (the reparameterisation keeps the
 * sampling differentiable), decode, and minimise reconstruction (per-image sum, batch mean; BCE or
 * MSE against x mapped to [0, 1]) + β·KL(q(z|x) ‖ N(0, I)), one Adam over both networks.
 */
export type Reconstruction = 'mse' | 'bce';
export interface VaeProgramOptions {
  encoder: NetSpec;
  decoder: NetSpec;
  latentDim: number;
  size: number;
  channels: number;
  beta: number;
  reconstruction: Reconstruction;
  adam: AdamSettings;
}

/** Encoder output [N, 2d] → mean and log-variance (clipped so exp cannot overflow early on). */
export function splitLatent<T>(o: Ops<T>, h: T, d: number): { mean: T; logvar: T } {
  return { mean: o.slice(h, 1, 0, d), logvar: o.clip(o.slice(h, 1, d, 2 * d), -10, 10) };
}

/** Per-image reconstruction loss summed over pixels, averaged over the batch. */
export function reconstructionLoss<T>(o: Ops<T>, kind: Reconstruction, recon: T, x: T): T {
  const target = o.mul(o.add(x, o.scalar(1)), o.scalar(0.5));
  let perPixel: T;
  if (kind === 'mse') perPixel = o.square(o.sub(recon, target));
  else {
    const p = o.clip(recon, 1e-6, 1 - 1e-6);
    perPixel = o.neg(
      o.add(
        o.mul(target, o.log(p)),
        o.mul(o.sub(o.scalar(1), target), o.log(o.sub(o.scalar(1), p))),
      ),
    );
  }
  return o.mean(o.sum(perPixel, [1, 2, 3]), [0]);
}

export function vaeProgram(opt: VaeProgramOptions): StepProgram {
  const nets = { g: paramInfos(opt.decoder), e: paramInfos(opt.encoder) };
  const stateShapes: Record<string, number[]> = {};
  const trainable: string[] = [];
  for (const [prefix, infos] of Object.entries(nets))
    for (const [name, info] of infos) {
      stateShapes[`${prefix}.${name}`] = info.shape;
      if (!info.trainable) continue;
      trainable.push(`${prefix}.${name}`);
      stateShapes[`adam.vae.m.${prefix}.${name}`] = info.shape;
      stateShapes[`adam.vae.v.${prefix}.${name}`] = info.shape;
    }
  return {
    stateShapes,
    batchSpecs: (n) => ({
      real: { shape: [n, opt.channels, opt.size, opt.size], dtype: 'float32' },
      eps: { shape: [n, opt.latentDim], dtype: 'float32' },
    }),
    scalarNames: ['adam.vae.c1', 'adam.vae.c2'],
    lossNames: ['loss', 'recon', 'kl'],
    run<T>(o: Ops<T>, io: StepIO<T>): StepOut<T> {
      const state = getter(io.state, 'training state');
      const batch = getter(io.batch, 'batch');
      const x = batch('real');
      const out: Record<string, T> = { ...io.state };
      const { value, grads, aux } = o.valueAndGrads((ps) => {
        const moments: Record<string, T> = {};
        const table = Object.fromEntries(trainable.map((n, i) => [n, ps[i]!]));
        const p = (prefix: string) => (name: string) =>
          table[`${prefix}.${name}`] ?? state(`${prefix}.${name}`);
        const h = runNet(o, opt.encoder, p('e'), x, { mode: 'train' });
        const { mean, logvar } = splitLatent(o, h, opt.latentDim);
        const z = o.add(mean, o.mul(o.exp(o.mul(logvar, o.scalar(0.5))), batch('eps')));
        const recon = runNet(o, opt.decoder, p('g'), z, {
          mode: 'train',
          onBatchStats: (layer, m, v) => {
            moments[`${layer}.mean`] = m;
            moments[`${layer}.variance`] = v;
          },
        });
        const recLoss = reconstructionLoss(o, opt.reconstruction, recon, x);
        const inner = o.sub(o.sub(o.add(o.scalar(1), logvar), o.square(mean)), o.exp(logvar));
        const kl = o.mean(o.mul(o.scalar(-0.5), o.sum(inner, [1])), [0]);
        return {
          value: o.add(recLoss, o.mul(kl, o.scalar(opt.beta))),
          aux: { ...moments, recon: recLoss, kl },
        };
      }, trainable.map(state));
      const stats = momentsFromAux(aux);
      const named = (values: readonly T[]) =>
        Object.fromEntries(trainable.map((n, i) => [n, values[i]!]));
      const s = getter(io.scalars, 'step scalars');
      adamGroup(
        o,
        opt.adam,
        'vae',
        named(trainable.map(state)),
        named(grads),
        io.state,
        s('adam.vae.c1'),
        s('adam.vae.c2'),
        out,
      );
      Object.assign(out, runningStatUpdates(o, opt.decoder, 'g', stats, state, o.shape(x)[0]!));
      return { state: out, losses: { loss: value, recon: aux.recon!, kl: aux.kl! } };
    },
  };
}
