import type * as TF from '@tensorflow/tfjs';
import { diffAugment } from './diff-augment';
import { discriminatorForward } from './discriminator';
import { discriminatorLoss, generatorLoss } from './losses';
import { pick, type TrainingModels } from './models';
import { namedGrads, trainable } from './named-params';
import { applyMovingStats, generatorForward, type MovingStatUpdate, type Tf } from './spec-forward';
import { normals, stepRng, type Stream } from './step-rng';
import { encoderForward, vaeLoss } from './vae';

/**
 * One optimisation step. All randomness comes from stepRng(seed, step, stream), so a step's result
 * depends only on the weights, the optimiser state, the batch and the step number.
 */
export function trainStep(
  tf: Tf,
  m: TrainingModels,
  real: Float32Array,
  step: number,
  augment: boolean,
): Record<string, number> {
  const { size, channels } = m.shape;
  const n = real.length / (size * size * channels);
  const x = tf.tensor4d(real, [n, size, size, channels]);
  try {
    return m.setup.config.family === 'gan'
      ? ganStep(tf, m, x, step, augment)
      : vaeStep(tf, m, x, step);
  } finally {
    x.dispose();
  }
}

function latents(tf: Tf, m: TrainingModels, n: number, step: number, stream: Stream): TF.Tensor2D {
  const dim = m.setup.config.latentDim;
  return tf.tensor2d(normals(stepRng(m.setup.config.seed, step, stream), n * dim), [n, dim]);
}

function ganStep(
  tf: Tf,
  m: TrainingModels,
  real: TF.Tensor4D,
  step: number,
  augment: boolean,
): Record<string, number> {
  const { config } = m.setup;
  const n = real.shape[0];
  const d = pick(m.all, 'd');
  const aug = (t: TF.Tensor4D, stream: Stream) =>
    augment ? diffAugment(tf, t, stepRng(config.seed, step, stream)) : t;

  // Critic: generated images are constants here (no generator gradients needed).
  const zD = latents(tf, m, n, step, 'z-d');
  const fake = generatorForward(tf, m.spec, m.gen, zD, 'train');
  const dOut = namedGrads(
    tf,
    () =>
      discriminatorLoss(
        tf,
        config.loss,
        discriminatorForward(tf, d, m.shape, aug(real, 'augment-real')),
        discriminatorForward(tf, d, m.shape, aug(fake, 'augment-fake')),
      ),
    trainable(d),
  );
  m.optimizers.d?.apply(dOut.grads);
  tf.dispose([zD, fake, ...Object.values(dOut.grads)]);

  // Generator: batch-norm moments from this pass update the running statistics afterwards.
  const zG = latents(tf, m, n, step, 'z-g');
  const sink: MovingStatUpdate[] = [];
  const g = trainable(pick(m.all, 'g'));
  const gOut = namedGrads(
    tf,
    () =>
      generatorLoss(
        tf,
        config.loss,
        discriminatorForward(
          tf,
          d,
          m.shape,
          aug(generatorForward(tf, m.spec, m.gen, zG, 'train', sink), 'augment-g'),
        ),
      ),
    g,
  );
  m.optimizers.g?.apply(gOut.grads);
  applyMovingStats(tf, m.gen, sink);
  tf.dispose([zG, ...Object.values(gOut.grads)]);
  return { d: dOut.value, g: gOut.value };
}

function vaeStep(tf: Tf, m: TrainingModels, x: TF.Tensor4D, step: number): Record<string, number> {
  const { config } = m.setup;
  const n = x.shape[0];
  const e = pick(m.all, 'e');
  const eps = latents(tf, m, n, step, 'vae-eps');
  const sink: MovingStatUpdate[] = [];
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
  m.optimizers.vae?.apply(out.grads);
  applyMovingStats(tf, m.gen, sink);
  tf.dispose([eps, ...Object.values(out.grads)]);
  return { loss: out.value, recon: parts.recon, kl: parts.kl };
}
