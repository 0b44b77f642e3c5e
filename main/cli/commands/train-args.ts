import {
  TRAIN_FAMILIES,
  type TrainConfig,
  type TrainFamily,
} from '../../contract/training-schemas';
import { UsageError } from '../output';
import { parseInteger } from './latent-args';

/** The `train` command's flags (spread into the CLI's option table). */
export const TRAIN_OPTIONS = {
  family: { type: 'string' },
  size: { type: 'string' },
  steps: { type: 'string' },
  batch: { type: 'string' },
  width: { type: 'string' },
  resume: { type: 'boolean' },
  extractor: { type: 'string' },
  'eval-every': { type: 'string' },
  'eval-samples': { type: 'string' },
  runtime: { type: 'string' },
  prediction: { type: 'string' },
  schedule: { type: 'string' },
  layers: { type: 'string' },
  heads: { type: 'string' },
  context: { type: 'string' },
} as const;

export const TRAIN_USAGE = `  train FOLDER --family gan|vae|diffusion|pixelcnn|text --out DIR [--size 28|32|64] [--steps N] [--batch B] [--seed S]
              [--width W] [--runtime ort|tfjs] [--resume] [--json]
              [--prediction epsilon|v] [--schedule linear|cosine]   diffusion
              [--layers N] [--heads N] [--context N]               pixelcnn, text
              [--extractor inception|fashion-mnist|FILE.onnx [--eval-every N] [--eval-samples N]]
                                           live detectors and FID/KID into OUT/metrics.jsonl`;

export interface TrainArgs {
  out: string;
  resume: boolean;
  json: boolean;
  /** Network base width (default by size); mostly for quick experiments. */
  width?: number;
  /** What the user chose; everything else comes from the folder's defaults (prepareTrainConfig). */
  settings: Partial<TrainConfig>;
}

/**
 * The command line of `train` turned into settings: the one place where train flags become
 * TrainConfig fields. Ranges are the contract's, checked by prepareTrainConfig with the rest.
 */
export function trainArgs(values: Record<string, unknown>, json: boolean): TrainArgs {
  const o = values as Record<string, string | undefined>;
  const family = o.family ?? 'gan';
  if (!(TRAIN_FAMILIES as readonly string[]).includes(family))
    throw new UsageError(`--family must be ${TRAIN_FAMILIES.join(', ')}`);
  if (!o.out) throw new UsageError('train needs --out DIR');
  const int = (name: string) =>
    o[name] === undefined ? undefined : parseInteger(name, o[name], { min: 0 });
  const size = int('size');
  if (size !== undefined && size !== 28 && size !== 32 && size !== 64)
    throw new UsageError('--size must be 28 (PixelCNN), 32 or 64');
  const runtime = o.runtime;
  if (runtime !== undefined && runtime !== 'ort' && runtime !== 'tfjs')
    throw new UsageError('--runtime must be ort (onnxruntime) or tfjs');
  return {
    out: o.out,
    resume: values.resume === true,
    json,
    width: int('width'),
    settings: {
      family: family as TrainFamily,
      layers: int('layers'),
      heads: int('heads'),
      context: int('context'),
      size,
      steps: int('steps'),
      batch: int('batch'),
      seed: o.seed === undefined ? undefined : parseInteger('seed', o.seed, { max: 0xffffffff }),
      extractor: o.extractor,
      evalEvery: int('eval-every'),
      evalSamples: int('eval-samples'),
      runtime,
      ...diffusionSettings(o),
    },
  };
}

/** --prediction epsilon|v and --schedule linear|cosine (diffusion runs). */
function diffusionSettings(o: Record<string, string | undefined>): Partial<TrainConfig> {
  const predictions = {
    epsilon: 'epsilon',
    v: 'v_prediction',
    v_prediction: 'v_prediction',
  } as const;
  const schedules = { linear: 'linear', cosine: 'cosine' } as const;
  const p = o.prediction;
  if (p !== undefined && !(p in predictions))
    throw new UsageError('--prediction must be epsilon or v');
  const s = o.schedule;
  if (s !== undefined && !(s in schedules))
    throw new UsageError('--schedule must be linear or cosine');
  return {
    ...(p !== undefined && { prediction: predictions[p as keyof typeof predictions] }),
    ...(s !== undefined && { noiseSchedule: schedules[s as keyof typeof schedules] }),
  };
}
