import { join } from 'node:path';
import type { TrainConfig } from '../../main/contract/training-schemas';
import { findImageFiles } from '../../main/engine/dataset/find-image-files';
import { PreprocessedCache } from '../../main/engine/dataset/preprocessed-cache';
import { dcganCritic, dcganGenerator } from '../../main/engine/nets/dcgan';
import { initNetParams } from '../../main/engine/nets/net-params';
import type { NetSpec } from '../../main/engine/nets/net-spec';
import { writeCheckpoint } from '../../main/engine/training/checkpoint';
import { createFamily, type ModelSetup } from '../../main/engine/training/families/family';
import { ganProgram } from '../../main/engine/training/families/gan-step';
import type { StepProgram } from '../../main/engine/training/families/step-program';
import { stepRng } from '../../main/engine/training/step-rng';

/**
 * An app run folder at step 0 whose GAN critic has a minibatch-stddev layer (a critic option the
 * GAN recipe may gain): its checkpoint holds those networks, so an exported job generates them
 * and the app's step program is built from the same NetSpecs. Shows that critic changes carry
 * over to the job without touching the exporter.
 */
export function minibatchStdNets(config: TrainConfig, width: number): Record<string, NetSpec> {
  if (config.size === 28) throw new Error('DCGANs are built for 32 and 64 px');
  const shape = {
    size: config.size,
    channels: config.channels,
    latentDim: config.latentDim,
    width,
    outerBiases: true,
  };
  return { g: dcganGenerator(shape), d: dcganCritic(shape, { minibatchStd: 2 }) };
}

export function customGanProgram(config: TrainConfig, nets: Record<string, NetSpec>): StepProgram {
  const adam = createFamily({ config, width: 4, reconstruction: 'bce' }).optimizers.g!;
  return ganProgram({
    generator: nets.g!,
    critic: nets.d!,
    latentDim: config.latentDim,
    size: config.size,
    channels: config.channels,
    loss: config.loss,
    augment: config.diffAugment,
    adamG: adam,
    adamD: adam,
  });
}

/** The initial state as the app's family draws it (createFamily's initialFrom), for any nets. */
export function initialState(
  program: StepProgram,
  nets: Record<string, NetSpec>,
  seed: number,
): Record<string, Float32Array> {
  const rng = stepRng(seed, 0, 'init');
  const state: Record<string, Float32Array> = {};
  for (const [name, shape] of Object.entries(program.stateShapes))
    state[name] = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (const [prefix, spec] of Object.entries(nets))
    for (const [k, v] of Object.entries(initNetParams(spec, rng))) {
      state[`${prefix}.${k}`] = v.data;
      if (prefix === 'g' && state[`ema.${k}`]) state[`ema.${k}`] = Float32Array.from(v.data);
    }
  return state;
}

export async function writeCustomGanRun(
  runDir: string,
  folder: string,
  config: TrainConfig,
  width: number,
): Promise<{
  nets: Record<string, NetSpec>;
  program: StepProgram;
  state: Record<string, Float32Array>;
}> {
  const nets = minibatchStdNets(config, width);
  const program = customGanProgram(config, nets);
  const state = initialState(program, nets, config.seed);
  const setup: ModelSetup = { config, width, reconstruction: 'bce' };
  await writeCheckpoint(
    runDir,
    { nets, shapes: program.stateShapes, state },
    {
      step: 0,
      epoch: 0,
      setup,
      loaderState: { seed: config.seed, epoch: 0, position: 0 },
      log: [],
      optimizerSteps: { g: 0, d: 0 },
    },
    config.keepCheckpoints,
  );
  const cache = await PreprocessedCache.open(join(runDir, 'cache'), folder, {
    size: config.size,
    channels: config.channels,
    background: config.background,
  });
  await cache.build(await findImageFiles(cache.folder));
  return { nets, program, state };
}
