/**
 * "Export my trained model": read a trained-model folder, export its generator (or VAE decoder)
 * to ONNX, prove it against the same network run eagerly on tfjs, and only then write the .onnx
 * and its manifest (a mismatch leaves no file behind). A VAE's encoder is written beside it as
 * <name>.encoder.onnx, so images can be turned back into latents.
 *
 * Folders: nets.json + tensors.{json,bin} (this version), or generator-spec.json +
 * generator-weights.* (older runs, read through generator-spec/legacy-generator.ts).
 */
import { access, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { StudioError } from '../../contract/channels';
import { trainConfigSchema, type TrainConfig } from '../../contract/training-schemas';
import { trainingScheduler } from '../training/families/diffusion-family';
import { legacyToNet } from '../generator-spec/legacy-generator';
import { readGeneratorSpecFile } from '../generator-spec/spec-file';
import { readGeneratorWeightsFile } from '../generator-spec/weights-file';
import { writeFileAtomic } from '../io/atomic-write';
import { manifestPathFor, manifestSchema } from '../models/manifest';
import type { NetSpec } from '../nets/net-spec';
import { outputShape } from '../nets/net-shapes';
import { readNets, readTensors } from '../training/checkpoint';
import { exportDenoiserNet, isDenoiserNet, verifyDenoiserExport } from './export-denoiser';
import { exportAutoregressiveModel, readModelSetup } from './export-autoregressive';
import { exportEncoderNet, exportGeneratorNet, type Weights } from './export-net';
import { verifyGeneratorExport } from './verify-export';

export interface TrainedExportResult {
  file: string;
  manifestPath: string;
  maxAbsDiff: number;
  /** 'diffusion': a denoiser (sample + timestep → noise or v) with a scheduler in its manifest. */
  kind: 'generator' | 'diffusion';
  /** z's size, or a denoiser's C·H·W (its latent is x_T). */
  latentDim: number;
  width: number;
  height: number;
  /** The encoder written beside a VAE decoder, if any. */
  encoderFile: string | null;
  /** Autoregressive models: which kind (their manifest says "autoregressive"). */
  autoregressive?: 'image' | 'text';
}

/** A model folder of a PixelCNN or text run (its config.json names the family). */
async function isAutoregressiveFolder(modelDir: string): Promise<boolean> {
  try {
    const family = (await readModelSetup(modelDir)).config.family;
    return family === 'pixelcnn' || family === 'text';
  } catch {
    return false;
  }
}

/** Seed of the verification latents: fixed, so a reported difference can be reproduced. */
export const VERIFY_SEED = 20240611;

interface TrainedNets {
  generator: NetSpec;
  weights: Weights;
  encoder: { spec: NetSpec; weights: Weights } | null;
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

export async function readTrainedNets(modelDir: string): Promise<TrainedNets> {
  if (!(await exists(join(modelDir, 'nets.json')))) {
    const { net, params } = legacyToNet(
      await readGeneratorSpecFile(modelDir),
      await readGeneratorWeightsFile(modelDir),
    );
    return { generator: net, weights: lookup(params, '', modelDir), encoder: null };
  }
  const nets = await readNets(modelDir);
  const { state } = await readTensors(modelDir);
  const table = new Map(Object.entries(state));
  if (!nets.g)
    throw new StudioError('BAD_REQUEST', `${modelDir} holds no generator ("g" in nets.json).`);
  return {
    generator: nets.g,
    weights: lookup(table, 'g.', modelDir),
    encoder: nets.e ? { spec: nets.e, weights: lookup(table, 'e.', modelDir) } : null,
  };
}

function lookup(table: Map<string, Float32Array>, prefix: string, dir: string): Weights {
  return (name) => {
    const v = table.get(`${prefix}${name}`);
    if (!v) throw new StudioError('BAD_REQUEST', `${dir} has no weights for ${prefix}${name}.`);
    return v;
  };
}

export async function exportTrainedModel(
  modelDir: string,
  file: string,
  modelName = basename(file).replace(/\.onnx$/i, ''),
): Promise<TrainedExportResult> {
  if (!/\.onnx$/i.test(file))
    throw new StudioError('BAD_REQUEST', `the export file must end in .onnx, not "${file}"`);
  if (await isAutoregressiveFolder(modelDir)) {
    const r = await exportAutoregressiveModel(modelDir, file, modelName);
    const image = r.manifest.modality === 'image' ? r.manifest : null;
    return {
      file: r.file,
      manifestPath: r.manifestPath,
      maxAbsDiff: r.maxAbsDiff,
      kind: 'generator',
      latentDim: image ? image.channels * image.size * image.size : 0,
      width: image?.size ?? 0,
      height: image?.size ?? 0,
      encoderFile: null,
      autoregressive: r.manifest.modality,
    };
  }
  const { generator, weights, encoder } = await readTrainedNets(modelDir);
  if (isDenoiserNet(generator)) return exportTrainedDenoiser(modelDir, file, modelName);
  if (generator.input.kind !== 'vector')
    throw new StudioError(
      'BAD_REQUEST',
      `${modelDir}: the generator does not read a latent vector.`,
    );
  const latentDim = generator.input.size;
  const [channels, height, width] = outputShape(generator) as [number, number, number];
  const range = generator.outputRange ?? [-1, 1];
  const bytes = exportGeneratorNet(generator, weights, modelName);
  const { maxAbsDiff } = await verifyGeneratorExport(bytes, generator, weights, {
    samples: 4,
    seed: VERIFY_SEED,
  });
  const manifest = manifestSchema.parse({
    name: modelName,
    note: `Trained in Latent Studio: ${width}x${height}, ${channels === 1 ? 'greyscale' : 'colour'}, latent ${latentDim}.`,
    range,
  });
  const manifestPath = manifestPathFor(file, 'onnx');
  await writeFileAtomic(file, bytes);
  await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  let encoderFile: string | null = null;
  if (encoder) {
    encoderFile = file.replace(/\.onnx$/i, '.encoder.onnx');
    await writeFileAtomic(
      encoderFile,
      exportEncoderNet(encoder.spec, encoder.weights, latentDim, range, `${modelName} encoder`),
    );
  }
  return {
    file,
    manifestPath,
    maxAbsDiff,
    kind: 'generator',
    latentDim,
    width,
    height,
    encoderFile,
  };
}

/** The settings a model folder (config.json) or a checkpoint (state.json) was trained with. */
export async function readRunConfig(dir: string): Promise<TrainConfig | null> {
  const read = async (name: string) =>
    JSON.parse(await readFile(join(dir, name), 'utf8')) as {
      config?: unknown;
      setup?: { config?: unknown };
    };
  const found = await read('config.json')
    .then((c) => c.config)
    .catch(() => read('state.json').then((s) => s.setup?.config))
    .catch(() => undefined);
  const parsed = trainConfigSchema.safeParse(found);
  return parsed.success ? parsed.data : null;
}

/** Samples of a trained denoiser in the app: DDIM, 50 deterministic steps (diffusers' default). */
export const EXPORT_SAMPLING = { sampler: 'ddim', steps: 50, eta: 0 } as const;

async function exportTrainedDenoiser(
  modelDir: string,
  file: string,
  modelName: string,
): Promise<TrainedExportResult> {
  const { generator, weights } = await readTrainedNets(modelDir);
  const config = await readRunConfig(modelDir);
  if (!config || config.family !== 'diffusion')
    throw new StudioError(
      'BAD_REQUEST',
      `${modelDir} holds a denoiser but no config.json (or state.json) of a diffusion run, so its noise schedule is unknown.`,
    );
  const [channels, height, width] = outputShape(generator) as [number, number, number];
  const bytes = exportDenoiserNet(generator, weights, modelName);
  const { maxAbsDiff } = await verifyDenoiserExport(bytes, generator, weights, {
    samples: 4,
    seed: VERIFY_SEED,
  });
  const scheduler = trainingScheduler(config);
  const manifest = manifestSchema.parse({
    name: modelName,
    note: `Trained in Latent Studio: diffusion U-Net, ${width}x${height}, ${channels === 1 ? 'greyscale' : 'colour'}, ${scheduler.prediction_type} prediction, ${config.noiseSchedule ?? 'linear'} schedule.`,
    kind: 'diffusion',
    scheduler: { _class_name: 'DDIMScheduler', ...scheduler },
    sampling: EXPORT_SAMPLING,
  });
  const manifestPath = manifestPathFor(file, 'onnx');
  await writeFileAtomic(file, bytes);
  await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return {
    file,
    manifestPath,
    maxAbsDiff,
    kind: 'diffusion',
    latentDim: channels * height * width,
    width,
    height,
    encoderFile: null,
  };
}
