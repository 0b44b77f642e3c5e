import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { createRng } from '../../main/engine/latent/prng';
import { dcganCritic, dcganGenerator } from '../../main/engine/nets/dcgan';
import { initNetParams } from '../../main/engine/nets/net-params';
import { vaeDecoder, vaeEncoder } from '../../main/engine/nets/vae-nets';
import { drawAugment } from '../../main/engine/training/diff-augment';
import { augmentArrays } from '../../main/engine/training/families/diff-augment-ops';
import { ganProgram } from '../../main/engine/training/families/gan-step';
import type { StepProgram } from '../../main/engine/training/families/step-program';
import { vaeProgram } from '../../main/engine/training/families/vae-step';
import { diffusionProgram } from '../../main/engine/training/families/diffusion-step';
import { unetDenoiser } from '../../main/engine/nets/unet';
import { OrtStepRunner } from '../../main/engine/training/runtime/ort-step-runner';
import { TfjsStepRunner } from '../../main/engine/training/runtime/tfjs-step-runner';
import { trainingRuntime } from '../../main/engine/training/training-runtime';
import { maxRelativeError } from '../autodiff/tolerance';

/**
 * A whole training step (losses, gradients through Adam, updated weights, Adam moments, running
 * statistics, EMA) compiled to ONNX and run by onnxruntime equals the same step run eagerly on
 * tfjs, to 1e-4 relative, for the GAN (with DiffAugment), the VAE and the diffusion U-Net.
 */
let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await trainingRuntime('cpu'));
});

const adam = (beta1: number) => ({ learningRate: 2e-3, beta1, beta2: 0.999, epsilon: 1e-8 });
const n = 8;

function initialState(
  program: StepProgram,
  nets: Record<string, ReturnType<typeof initNetParams>>,
) {
  const state: Record<string, Float32Array> = {};
  for (const [name, shape] of Object.entries(program.stateShapes))
    state[name] = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (const [prefix, params] of Object.entries(nets))
    for (const [k, v] of Object.entries(params)) {
      state[`${prefix}.${k}`] = Float32Array.from(v.data);
      if (prefix === 'g' && state[`ema.${k}`]) state[`ema.${k}`] = Float32Array.from(v.data);
    }
  return state;
}

async function compare(
  program: StepProgram,
  state: Record<string, Float32Array>,
  batches: Record<string, Float32Array | BigInt64Array>[],
  scalars: Record<string, number>[],
  /** Require every state tensor to change (a network whose zero-initialised layers make small early steps). */
  everyTensorMoves = false,
) {
  const ort = await OrtStepRunner.create(program, n, state, { threads: 1 });
  const eager = new TfjsStepRunner(tf, program, n, state, 'tfjs cpu');
  try {
    for (let i = 0; i < batches.length; i++) {
      const a = await ort.step(batches[i]!, scalars[i]!);
      const b = await eager.step(batches[i]!, scalars[i]!);
      for (const k of program.lossNames)
        expect(maxRelativeError([a[k]!], [b[k]!]), `loss ${k} at step ${i}`).toBeLessThan(1e-4);
    }
    const sa = ort.state();
    const sb = eager.state();
    let changed = 0;
    for (const name of Object.keys(program.stateShapes)) {
      expect(maxRelativeError(sa[name]!, sb[name]!), name).toBeLessThan(1e-4);
      if (maxRelativeError(sa[name]!, state[name]!) > 1e-3) changed++;
    }
    // The steps really trained: nearly every tensor moved away from its initial value.
    if (!everyTensorMoves)
      expect(changed).toBeGreaterThan(Object.keys(program.stateShapes).length * 0.8);
    else {
      const still = Object.keys(program.stateShapes).filter((name) =>
        sa[name]!.every((v, i) => v === state[name]![i]),
      );
      expect(still, 'tensors no step changed').toEqual([]);
    }
  } finally {
    await ort.dispose();
    await eager.dispose();
  }
}

describe('a whole training step on onnxruntime equals the tfjs step', () => {
  it(
    'GAN with DiffAugment: losses, weights, Adam moments, running stats and EMA',
    { timeout: 300_000 },
    async () => {
      const shape = {
        size: 16 as const,
        channels: 3 as const,
        latentDim: 16,
        width: 8,
        outerBiases: true,
      };
      const generator = dcganGenerator(shape);
      const critic = dcganCritic(shape, { minibatchStd: 4 });
      const program = ganProgram({
        generator,
        critic,
        latentDim: 16,
        size: 16,
        channels: 3,
        loss: 'nonsaturating',
        augment: true,
        adamG: adam(0.5),
        adamD: adam(0.5),
      });
      const rng = createRng(5);
      const state = initialState(program, {
        g: initNetParams(generator, rng),
        d: initNetParams(critic, rng),
      });
      const batches = [0, 1].map(() => {
        const b: Record<string, Float32Array | BigInt64Array> = {
          real: new Float32Array(n * 3 * 16 * 16).map(() => rng.nextFloat() * 2 - 1),
          z: new Float32Array(n * 16).map(() => rng.nextNormal()),
        };
        for (const set of ['real', 'fake', 'g']) {
          const a = augmentArrays(drawAugment(rng, n, 16), n, 16);
          b[`aug.${set}.brightness`] = a.brightness;
          b[`aug.${set}.saturation`] = a.saturation;
          b[`aug.${set}.contrast`] = a.contrast;
          b[`aug.${set}.index`] = a.index;
        }
        return b;
      });
      const scalars = [1, 2].map((t) => ({
        'adam.g.c1': 1 - 0.5 ** t,
        'adam.g.c2': 1 - 0.999 ** t,
        'adam.d.c1': 1 - 0.5 ** t,
        'adam.d.c2': 1 - 0.999 ** t,
        'ema.decay': 0.9,
      }));
      await compare(program, state, batches, scalars);
    },
  );

  it('VAE: loss parts, weights, Adam moments and running stats', { timeout: 300_000 }, async () => {
    const shape = { size: 16 as const, channels: 1 as const, latentDim: 8, width: 8 };
    const decoder = vaeDecoder(shape);
    const encoder = vaeEncoder(shape);
    const program = vaeProgram({
      encoder,
      decoder,
      latentDim: 8,
      size: 16,
      channels: 1,
      beta: 1,
      reconstruction: 'bce',
      adam: adam(0.9),
    });
    const rng = createRng(9);
    const state = initialState(program, {
      g: initNetParams(decoder, rng),
      e: initNetParams(encoder, rng),
    });
    const batches = [0, 1].map(() => ({
      real: new Float32Array(n * 16 * 16).map(() => rng.nextFloat() * 2 - 1),
      eps: new Float32Array(n * 8).map(() => rng.nextNormal()),
    }));
    const scalars = [1, 2].map((t) => ({
      'adam.vae.c1': 1 - 0.9 ** t,
      'adam.vae.c2': 1 - 0.999 ** t,
    }));
    await compare(program, state, batches, scalars);
  });

  it.each(['epsilon', 'v_prediction'] as const)(
    'diffusion (%s): loss, U-Net weights, Adam moments and EMA',
    { timeout: 300_000 },
    async (prediction) => {
      const denoiser = unetDenoiser({ size: 16, channels: 3, width: 8 });
      const program = diffusionProgram({
        denoiser,
        size: 16,
        channels: 3,
        prediction,
        adam: adam(0.9),
      });
      const rng = createRng(13);
      const state = initialState(program, { g: initNetParams(denoiser, rng) });
      const per = 3 * 16 * 16;
      const batches = [0, 1].map(() => {
        const t = new Float32Array(n).map(() => Math.floor(rng.nextFloat() * 1000));
        const bar = Float32Array.from(t, (ti) => Math.exp(-ti / 300));
        return {
          real: new Float32Array(n * per).map(() => rng.nextFloat() * 2 - 1),
          noise: new Float32Array(n * per).map(() => rng.nextNormal()),
          t,
          a: bar.map((v) => Math.sqrt(v)),
          b: bar.map((v) => Math.sqrt(1 - v)),
        };
      });
      const scalars = [1, 2].map((t) => ({
        'adam.denoiser.c1': 1 - 0.9 ** t,
        'adam.denoiser.c2': 1 - 0.999 ** t,
        'ema.decay': 0.9,
      }));
      await compare(program, state, batches, scalars, true);
    },
  );
});
