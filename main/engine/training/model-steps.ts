import type * as TF from '@tensorflow/tfjs';
import { applyAugment, drawAugment } from './diff-augment';
import { discriminatorForward } from './discriminator';
import { discriminatorLoss, generatorLoss } from './losses';
import { pick, type TrainingModels } from './models';
import { namedGrads, trainable } from './named-params';
import { createRng } from '../latent/prng';
import {
  applyMovingStats,
  generatorForward,
  standingStats,
  type MovingStatUpdate,
  type Tf,
} from './spec-forward';
import { hashSeed, normals, stepRng, type Stream } from './step-rng';
import { encoderForward, vaeLoss } from './vae';

/**
 * One optimisation step. All randomness comes from stepRng(seed, step, stream), drawn in JS for
 * the whole batch before any tensor work (stepDraws), so a step's result depends only on the
 * weights, the optimiser state, the batch and the step number, and each sample's latents and
 * augmentation are the same however a data-parallel step splits the batch.
 *
 * The gradient passes (criticGrads, generatorGrads, vaeGrads) are shared by this in-process step
 * and the worker replicas of a data-parallel step (wasm/parallel-step.ts).
 */
export interface StepDraws {
  /** GAN: latents of the critic's fakes and of the generator pass; VAE: reparameterisation ε. */
  zD: Float32Array;
  zG: Float32Array;
  eps: Float32Array;
  /** DiffAugment parameters per image (empty when augmentation is off). */
  augReal: Float32Array;
  augFake: Float32Array;
  augG: Float32Array;
}

export function stepDraws(m: TrainingModels, n: number, step: number, augment: boolean): StepDraws {
  const { seed, latentDim, family } = m.setup.config;
  const z = (stream: Stream) => normals(stepRng(seed, step, stream), n * latentDim);
  const none = new Float32Array(0);
  const aug = (stream: Stream) =>
    augment ? drawAugment(stepRng(seed, step, stream), n, m.shape.size) : none;
  if (family !== 'gan')
    return { zD: none, zG: none, eps: z('vae-eps'), augReal: none, augFake: none, augG: none };
  return {
    zD: z('z-d'),
    zG: z('z-g'),
    eps: none,
    augReal: aug('augment-real'),
    augFake: aug('augment-fake'),
    augG: aug('augment-g'),
  };
}

const augmented = (tf: Tf, x: TF.Tensor4D, params: Float32Array) =>
  params.length === 0 ? x : applyAugment(tf, x, params);

/** Critic loss and gradients (d.*); generated images are constants here. */
export function criticGrads(
  tf: Tf,
  m: TrainingModels,
  real: TF.Tensor4D,
  z: TF.Tensor2D,
  augReal: Float32Array,
  augFake: Float32Array,
): { value: number; grads: Record<string, TF.Tensor> } {
  const d = pick(m.all, 'd');
  const fake = generatorForward(tf, m.spec, m.gen, z, 'train');
  try {
    return namedGrads(
      tf,
      () =>
        discriminatorLoss(
          tf,
          m.setup.config.loss,
          discriminatorForward(tf, d, m.shape, augmented(tf, real, augReal)),
          discriminatorForward(tf, d, m.shape, augmented(tf, fake, augFake)),
        ),
      trainable(d),
    );
  } finally {
    fake.dispose();
  }
}

/** Generator loss and gradients (g.*); batch-norm moments of this pass go to `sink`. */
export function generatorGrads(
  tf: Tf,
  m: TrainingModels,
  z: TF.Tensor2D,
  augG: Float32Array,
  sink: MovingStatUpdate[],
): { value: number; grads: Record<string, TF.Tensor> } {
  const d = pick(m.all, 'd');
  return namedGrads(
    tf,
    () =>
      generatorLoss(
        tf,
        m.setup.config.loss,
        discriminatorForward(
          tf,
          d,
          m.shape,
          augmented(tf, generatorForward(tf, m.spec, m.gen, z, 'train', sink), augG),
        ),
      ),
    trainable(pick(m.all, 'g')),
  );
}

/** VAE loss (and its parts) and gradients of every trainable variable. */
export function vaeGrads(
  tf: Tf,
  m: TrainingModels,
  x: TF.Tensor4D,
  eps: TF.Tensor2D,
  sink: MovingStatUpdate[],
): { values: Record<string, number>; grads: Record<string, TF.Tensor> } {
  const { config } = m.setup;
  const e = pick(m.all, 'e');
  const parts = { recon: 0, kl: 0 };
  const out = namedGrads(
    tf,
    () => {
      const { mean, logvar } = encoderForward(tf, e, m.shape, x);
      // Reparameterisation: z = μ + σ·ε keeps the sampling differentiable in μ and σ.
      const z = tf.add(mean, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps));
      const recon = generatorForward(tf, m.spec, m.gen, z, 'train', sink);
      const loss = vaeLoss(tf, x, recon, mean, logvar, config.vaeBeta, m.setup.reconstruction);
      parts.recon = loss.recon.dataSync()[0] ?? Number.NaN;
      parts.kl = loss.kl.dataSync()[0] ?? Number.NaN;
      return loss.total;
    },
    trainable(m.all),
  );
  return { values: { loss: out.value, recon: parts.recon, kl: parts.kl }, grads: out.grads };
}

/** The in-process step: the whole batch in this thread. */
export function trainStep(
  tf: Tf,
  m: TrainingModels,
  real: Float32Array,
  step: number,
  augment: boolean,
): Record<string, number> {
  const { size, channels } = m.shape;
  const { latentDim } = m.setup.config;
  const n = real.length / (size * size * channels);
  const draws = stepDraws(m, n, step, augment);
  const x = tf.tensor4d(real, [n, size, size, channels]);
  const latent = (values: Float32Array) => tf.tensor2d(values, [n, latentDim]);
  const sink: MovingStatUpdate[] = [];
  try {
    if (m.setup.config.family !== 'gan') {
      const eps = latent(draws.eps);
      const out = vaeGrads(tf, m, x, eps, sink);
      m.optimizers.vae?.apply(out.grads);
      applyMovingStats(tf, m.gen, sink);
      tf.dispose([eps, ...Object.values(out.grads)]);
      return out.values;
    }
    const zD = latent(draws.zD);
    const dOut = criticGrads(tf, m, x, zD, draws.augReal, draws.augFake);
    m.optimizers.d?.apply(dOut.grads);
    tf.dispose([zD, ...Object.values(dOut.grads)]);
    const zG = latent(draws.zG);
    const gOut = generatorGrads(tf, m, zG, draws.augG, sink);
    m.optimizers.g?.apply(gOut.grads);
    applyMovingStats(tf, m.gen, sink);
    tf.dispose([zG, ...Object.values(gOut.grads)]);
    return { d: dOut.value, g: gOut.value };
  } finally {
    x.dispose();
  }
}

const STANDING_BATCHES = 4;
const STANDING_BATCH = 64;

/**
 * A GAN generator's standing batch-norm statistics (spec-forward.ts) on fixed latents of the run
 * seed, for previews and the exported model; null for a VAE, whose decoder keeps its running
 * statistics (its training latents come from the encoder, not from N(0, I)).
 */
export function ganStandingStats(tf: Tf, m: TrainingModels): MovingStatUpdate[] | null {
  if (m.setup.config.family !== 'gan') return null;
  const { seed, latentDim } = m.setup.config;
  const batches = Array.from({ length: STANDING_BATCHES }, (_, b) =>
    tf.tensor2d(normals(createRng(hashSeed(seed, 0x57a4d, b)), STANDING_BATCH * latentDim), [
      STANDING_BATCH,
      latentDim,
    ]),
  );
  try {
    return standingStats(tf, m.spec, m.gen, batches);
  } finally {
    tf.dispose(batches);
  }
}
