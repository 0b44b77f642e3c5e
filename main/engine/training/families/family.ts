import type { Feed } from '../../autodiff/compiled-graph';
import type { Sampling, SchedulerConfig } from '../../../contract/diffusion-schemas';
import type { TrainConfig } from '../../../contract/training-schemas';
import { dcganCritic, dcganGenerator } from '../../nets/dcgan';
import type { NetSpec } from '../../nets/net-spec';
import { vaeDecoder, vaeEncoder } from '../../nets/vae-nets';
import { drawAugment } from '../diff-augment';
import { normals, stepRng } from '../step-rng';
import type { StateArrays } from '../runtime/step-runner';
import { diffusionFamily } from './diffusion-family';
import { corrections, emaDecay, initialFrom, rampedEmaDecay } from './family-parts';
import type { AdamSettings } from './adam-ops';
import { augmentArrays } from './diff-augment-ops';
import { ganProgram } from './gan-step';
import { nhwcToNchw } from './layout';
import type { StepProgram } from './step-program';
import { vaeProgram, type Reconstruction } from './vae-step';
import { pixelCnnFamily, textFamily, type AutoregressiveHooks } from './autoregressive-family';

/**
 * A model family as the trainer sees it: its networks (as data), the step program, the initial
 * state, and what each step is fed. All randomness is stepRng(seed, step, stream), drawn in JS,
 * so a step depends only on the state, the batch and the step number (exact resume).
 */
export interface ModelSetup {
  config: TrainConfig;
  /** Base width of the networks. */
  width: number;
  reconstruction: Reconstruction;
  /** Text runs: the character vocabulary learnt from the folder (tokens[0] is unknown). */
  vocab?: string[];
  /**
   * GANs: biases on the DCGAN's three outer convolutions (nets/dcgan.ts). New runs set it; a
   * setup without it (a run or checkpoint from before) builds the networks it was trained with.
   */
  ganOuterBiases?: boolean;
  /**
   * GANs: the EMA's half-life as a share of the steps so far (rampedEmaDecay). New runs set it
   * (GAN_EMA_RAMP); a setup without it keeps emaDecay, the schedule it was trained with.
   */
  ganEmaRamp?: number;
}

/** The half-life share of new GAN runs' EMA, chosen by measurement (training README). */
export const GAN_EMA_RAMP = 0.01;

/**
 * How a family makes images: a one-shot generator (a GAN's or VAE's, latent → image in one
 * forward pass) or a diffusion denoiser, run through the sampling loop of main/engine/diffusion/
 * from x_T (the latent) with the given scheduler and sampling settings.
 */
export interface SamplerSpec {
  spec: NetSpec;
  prefix: string;
  /** GAN generators: batch-norm statistics re-measured under the current weights (sampling.ts). */
  standingStats: boolean;
  /** Values per latent: z's size, or a diffusion model's C·H·W (x_T, NCHW). */
  latentSize: number;
  diffusion?: { scheduler: SchedulerConfig; sampling: Sampling };
}

export interface TrainingFamily {
  readonly setup: ModelSetup;
  /** Networks by state prefix: GAN g (generator) + d (critic); VAE g (decoder) + e (encoder). */
  readonly nets: Record<string, NetSpec>;
  readonly program: StepProgram;
  readonly optimizers: Record<string, AdamSettings>;
  initialState(): StateArrays;
  /** Inputs of step `step` (0-based) for the loader's NHWC batch of n. */
  batchInputs(nhwc: Float32Array, n: number, step: number): Record<string, Feed>;
  /** Scalars of step `step`; `t` is each optimiser's update count including this step. */
  scalars(step: number, t: Readonly<Record<string, number>>): Record<string, number>;
  /** The network that makes images, and the state prefix its trained weights are read from. */
  readonly sampler: SamplerSpec;
  readonly encoder?: { spec: NetSpec; prefix: string };
  /** Floats per sample in the loader's batches (default size²·channels). */
  readonly sampleFloats?: number;
  /** Autoregressive families: their own previews, samples and held-out likelihood. */
  readonly autoregressive?: AutoregressiveHooks;
}

/**
 * Base width by family: DCGAN's 64 for GANs; 32 for the VAE (its decoder doubles at 8 px) and for
 * a diffusion U-Net (whose defaults choose it by folder size, in config.width).
 */
export function defaultWidth(family: TrainConfig['family']): number {
  if (family === 'text') return 128;
  return family === 'gan' ? 64 : 32;
}

/** DCGAN's β1 = 0.5: momentum from a moving opponent's gradients destabilises GANs. */
const ganAdam = (lr: number): AdamSettings => ({
  learningRate: lr,
  beta1: 0.5,
  beta2: 0.999,
  epsilon: 1e-8,
});

/**
 * The setup of a run that starts now (the trainer, or a PyTorch job from a settings file): GANs get
 * the outer biases unless `ganOuterBiases` says otherwise (a model folder's config.json from before),
 * and the ramped EMA.
 */
export function newRunSetup(
  config: TrainConfig,
  width: number,
  reconstruction: Reconstruction,
  ganOuterBiases = true,
): ModelSetup {
  return {
    config,
    width,
    reconstruction,
    ...(config.family === 'gan' && { ganOuterBiases, ganEmaRamp: GAN_EMA_RAMP }),
  };
}

export function createFamily(setup: ModelSetup): TrainingFamily {
  switch (setup.config.family) {
    case 'gan':
      return ganFamily(setup);
    case 'vae':
      return vaeFamily(setup);
    case 'diffusion':
      return diffusionFamily(setup);
    case 'pixelcnn':
      return pixelCnnFamily(setup);
    case 'text':
      return textFamily(setup);
  }
}

/** The GAN and VAE networks are built for 32 and 64 px (and 16 in tests). */
function latentImageSize(config: TrainConfig): 32 | 64 {
  if (config.size === 28)
    throw new Error('GANs and VAEs train at 32 or 64 px; 28 px is for PixelCNNs.');
  return config.size;
}

function ganFamily(setup: ModelSetup): TrainingFamily {
  const { config, width } = setup;
  const shape = {
    size: latentImageSize(config),
    channels: config.channels,
    latentDim: config.latentDim,
    width,
    outerBiases: setup.ganOuterBiases ?? false,
  };
  const nets = { g: dcganGenerator(shape), d: dcganCritic(shape, { minibatchStd: 0 }) };
  const adam = ganAdam(config.learningRate);
  const program = ganProgram({
    generator: nets.g,
    critic: nets.d,
    latentDim: config.latentDim,
    size: config.size,
    channels: config.channels,
    loss: config.loss,
    augment: config.diffAugment,
    adamG: adam,
    adamD: adam,
  });
  return {
    setup,
    nets,
    program,
    optimizers: { g: adam, d: adam },
    initialState: () => initialFrom(program, nets, config.seed),
    batchInputs(nhwc, n, step) {
      const { size, channels, seed, latentDim } = config;
      const inputs: Record<string, Feed> = {
        real: nhwcToNchw(nhwc, n, size, size, channels),
        z: normals(stepRng(seed, step, 'z-d'), n * latentDim),
      };
      if (config.diffAugment)
        for (const [set, stream] of [
          ['real', 'augment-real'],
          ['fake', 'augment-fake'],
          ['g', 'augment-g'],
        ] as const) {
          const a = augmentArrays(drawAugment(stepRng(seed, step, stream), n, size), n, size);
          inputs[`aug.${set}.brightness`] = a.brightness;
          inputs[`aug.${set}.saturation`] = a.saturation;
          inputs[`aug.${set}.contrast`] = a.contrast;
          inputs[`aug.${set}.index`] = a.index;
        }
      return inputs;
    },
    scalars(step, t) {
      return {
        ...corrections('g', adam, t),
        ...corrections('d', adam, t),
        'ema.decay': setup.ganEmaRamp ? rampedEmaDecay(step, setup.ganEmaRamp) : emaDecay(step),
      };
    },
    sampler: { spec: nets.g, prefix: 'ema', standingStats: true, latentSize: config.latentDim },
  };
}

function vaeFamily(setup: ModelSetup): TrainingFamily {
  const { config, width } = setup;
  const shape = {
    size: latentImageSize(config),
    channels: config.channels,
    latentDim: config.latentDim,
    width,
  };
  const nets = { g: vaeDecoder(shape), e: vaeEncoder(shape) };
  const adam: AdamSettings = {
    learningRate: config.learningRate,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
  };
  const program = vaeProgram({
    encoder: nets.e,
    decoder: nets.g,
    latentDim: config.latentDim,
    size: config.size,
    channels: config.channels,
    beta: config.vaeBeta,
    reconstruction: setup.reconstruction,
    adam,
  });
  return {
    setup,
    nets,
    program,
    optimizers: { vae: adam },
    initialState: () => initialFrom(program, nets, config.seed),
    batchInputs: (nhwc, n, step) => ({
      real: nhwcToNchw(nhwc, n, config.size, config.size, config.channels),
      eps: normals(stepRng(config.seed, step, 'vae-eps'), n * config.latentDim),
    }),
    scalars: (_step, t) => corrections('vae', adam, t),
    // Standing statistics: the decoder samples prior latents, not the posterior ones its running
    // averages saw (sampling.ts says what that costs).
    sampler: { spec: nets.g, prefix: 'g', standingStats: true, latentSize: config.latentDim },
    encoder: { spec: nets.e, prefix: 'e' },
  };
}
