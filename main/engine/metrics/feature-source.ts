import { StudioError } from '../../contract/channels';
import { readInputFile } from '../io/read-input';
import { featureMatrix, type FeatureMatrix } from './features';
import { gaussianStats, type GaussianStats } from './gaussian-stats';
import { parseNpy } from './npy';
import { readStatsNpz } from './npz';

/**
 * The features of one side of an evaluation, however they were made: an image folder or a model
 * run through a feature extractor (main/engine/evaluation/*), a statistics file (.npz, pytorch-fid
 * `--save-stats` format: FID only) or a raw feature matrix (.npy, N×d: every metric but IS).
 * The metrics only ever see this.
 */
export interface SourceItem {
  /** The image file (absolute path) a row came from, for folders. */
  file: string | null;
  /** The seed a row was rendered from, for models. */
  seed: number | null;
}

export interface SourceFeatures {
  /** Words for reports: "folder /x/y (120 images)", "model Faces (seeds 0–1999, truncation 1)". */
  label: string;
  /** The extractor identity the features came from, or 'from statistics file' / 'from feature file'. */
  extractorId: string;
  /** How many samples; null when a statistics file does not say. */
  n: number | null;
  /** N×d features; null when the source only has statistics. */
  features: FeatureMatrix | null;
  /** N×classes softmax probabilities (Inception Score); null without a classifier. */
  probabilities: FeatureMatrix | null;
  /** Given statistics (.npz); otherwise computed from `features` by `statisticsOf`. */
  statistics: GaussianStats | null;
  /** One per feature row. */
  items: SourceItem[];
  /** Files skipped and why, and similar notes for the report. */
  warnings: string[];
  /** Images that went through the extractor this time (0 when every row came from the cache). */
  extracted: number;
}

export const FROM_STATS_FILE = 'from statistics file';
export const FROM_FEATURE_FILE = 'from feature file';

/** Mean and covariance of a side (FID, `eval stats`). */
export function statisticsOf(source: SourceFeatures): GaussianStats {
  if (source.statistics) return source.statistics;
  if (!source.features) throw new StudioError('INTERNAL', `${source.label} has no features.`);
  return gaussianStats(source.features.data, source.features.dim);
}

export function isStatisticsFile(path: string): boolean {
  return /\.(npz|npy)$/i.test(path);
}

/** A .npz (statistics) or .npy (features) file as an evaluation side. */
export async function readFeatureSourceFile(path: string): Promise<SourceFeatures> {
  if (/\.npz$/i.test(path)) {
    const stats = await readStatsNpz(path);
    const n = stats.n ?? null;
    return {
      ...empty(`statistics ${path}`, FROM_STATS_FILE, n),
      statistics: { ...stats, n },
    };
  }
  if (/\.npy$/i.test(path)) {
    const features = await readNpyFeatures(path);
    return {
      ...empty(`features ${path}`, FROM_FEATURE_FILE, features.rows),
      features,
      items: Array.from({ length: features.rows }, () => ({ file: null, seed: null })),
    };
  }
  throw new StudioError(
    'BAD_REQUEST',
    `${path}: a statistics file must be .npz (pytorch-fid --save-stats format) or .npy (an N×d feature matrix).`,
  );
}

async function readNpyFeatures(file: string): Promise<FeatureMatrix> {
  const buf = await readInputFile(file);
  const { shape, data } = parseNpy(buf, file);
  if (shape.length !== 2 || shape[0]! < 2) {
    throw new StudioError(
      'BAD_FILE',
      `${file} should hold an N×d feature matrix (N ≥ 2), not shape (${shape.join(', ')}).`,
    );
  }
  return featureMatrix(data, shape[1]!);
}

function empty(label: string, extractorId: string, n: number | null): SourceFeatures {
  return {
    label,
    extractorId,
    n,
    features: null,
    probabilities: null,
    statistics: null,
    items: [],
    warnings: [],
    extracted: 0,
  };
}
