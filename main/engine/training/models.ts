import type { TrainConfig } from '../../contract/training-schemas';
import { Adam } from './adam';
import type { ConvStackShape } from './conv-stack';
import { dcganGeneratorSpec } from './dcgan-spec';
import { initDiscriminator } from './discriminator';
import type { GeneratorSpec } from '../nets/generator-spec';
import { flattenParamSet, trainable, type NamedParams } from './named-params';
import { disposeParams, initGeneratorParams, type ParamSet, type Tf } from './spec-forward';
import { stepRng } from './step-rng';
import { initEncoder, vaeDecoderSpec, type Reconstruction } from './vae';

/** Everything that shapes the networks: saved with each checkpoint so a resume rebuilds them alike. */
export interface ModelSetup {
  config: TrainConfig;
  /** Base width of generator/decoder and critic/encoder. */
  width: number;
  reconstruction: Reconstruction;
}

export interface TrainingModels {
  setup: ModelSetup;
  shape: ConvStackShape;
  /** The generator (GAN) or decoder (VAE) as data: what is exported. */
  spec: GeneratorSpec;
  gen: ParamSet;
  /** Every variable under its stable name: "g.*" and "d.*" (GAN) or "g.*" and "e.*" (VAE). */
  all: NamedParams;
  /** Optimisers by role: g + d (GAN) or vae (VAE). */
  optimizers: Record<string, Adam>;
  dispose(): void;
}

/** Base width 32: a quarter of the FLOPs of 64, which two CPU cores can train in an afternoon. */
export function defaultWidth(_size: 32 | 64): number {
  return 32;
}

/**
 * Initialises the networks from the run seed (stream 'init'), identical on every backend.
 * Data-parallel replicas pass `optimizers: false`: their optimiser lives on the main thread.
 */
export function createModels(
  tf: Tf,
  setup: ModelSetup,
  options: { optimizers?: boolean } = {},
): TrainingModels {
  const { config, width } = setup;
  const shape: ConvStackShape = { size: config.size, channels: config.channels, width };
  const rng = stepRng(config.seed, 0, 'init');
  const spec =
    config.family === 'gan'
      ? dcganGeneratorSpec({
          size: config.size,
          channels: config.channels,
          latentDim: config.latentDim,
          width,
        })
      : vaeDecoderSpec(shape, config.latentDim, width);
  const gen = initGeneratorParams(tf, spec, rng, 'g');
  const g = flattenParamSet('g', gen);
  const other =
    config.family === 'gan'
      ? initDiscriminator(tf, shape, rng)
      : initEncoder(tf, shape, config.latentDim, rng);
  const lr = config.learningRate;
  const optimizers: Record<string, Adam> =
    options.optimizers === false
      ? {}
      : config.family === 'gan'
        ? {
            // β1 = 0.5 as in DCGAN: momentum from a moving opponent's gradients destabilises GANs.
            g: new Adam(tf, trainable(g), {
              learningRate: lr,
              beta1: 0.5,
              beta2: 0.999,
              epsilon: 1e-8,
            }),
            d: new Adam(tf, trainable(other), {
              learningRate: lr,
              beta1: 0.5,
              beta2: 0.999,
              epsilon: 1e-8,
            }),
          }
        : {
            vae: new Adam(tf, trainable({ ...g, ...other }), {
              learningRate: lr,
              beta1: 0.9,
              beta2: 0.999,
              epsilon: 1e-8,
            }),
          };
  return {
    setup,
    shape,
    spec,
    gen,
    all: { ...g, ...other },
    optimizers,
    dispose() {
      disposeParams(gen);
      for (const v of Object.values(other)) v.dispose();
      for (const o of Object.values(optimizers)) o.dispose();
    },
  };
}

export function pick(params: NamedParams, stem: string): NamedParams {
  return Object.fromEntries(Object.entries(params).filter(([name]) => name.startsWith(`${stem}.`)));
}
