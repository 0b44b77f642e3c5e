import { readFile } from 'node:fs/promises';
import { StudioError } from '../../contract/channels';
import { featureMatrix, type FeatureMatrix } from './features';
import { gaussianStats, type GaussianStats } from './gaussian-stats';
import { parseNpy } from './npy';
import { readStatsNpz } from './npz';

/**
 * Where evaluation features come from. Today: a statistics file (.npz, FID only) or a raw feature
 * matrix (.npy, N×d, every metric). Image folders and generator models, run through a feature
 * extractor, are a later step: they implement this same interface, and the metrics never know.
 */
export interface FeatureSource {
  /** How the features were made, for reports ('from statistics file', 'inception-v3 pool3', …). */
  readonly extractor: string;
  /** Mean and covariance (FID). `n` is the sample count when known, else null. */
  statistics(): Promise<GaussianStats>;
  /** The N×d features themselves (KID, precision/recall); null when the source only has statistics. */
  features(): Promise<FeatureMatrix | null>;
}

export function npzStatisticsSource(file: string): FeatureSource {
  return {
    extractor: 'from statistics file',
    statistics: async () => {
      const stats = await readStatsNpz(file);
      return { ...stats, n: stats.n ?? null };
    },
    features: async () => null,
  };
}

export function npyFeatureSource(file: string): FeatureSource {
  let cached: Promise<FeatureMatrix> | undefined;
  const load = async (): Promise<FeatureMatrix> => {
    const { shape, data } = parseNpy(await readFile(file), file);
    if (shape.length !== 2 || shape[0]! < 2) {
      throw new StudioError(
        'BAD_FILE',
        `${file} should hold an N×d feature matrix (N ≥ 2), not shape (${shape.join(', ')}).`,
      );
    }
    return featureMatrix(data, shape[1]!);
  };
  return {
    extractor: 'from feature file',
    statistics: async () => {
      const m = await (cached ??= load());
      return gaussianStats(m.data, m.dim);
    },
    features: () => (cached ??= load()),
  };
}

/** The source for a path given on the command line, by its extension. */
export function openFeatureSource(path: string): FeatureSource {
  if (/\.npz$/i.test(path)) return npzStatisticsSource(path);
  if (/\.npy$/i.test(path)) return npyFeatureSource(path);
  throw new StudioError(
    'BAD_REQUEST',
    `${path}: evaluation reads FID statistics (.npz, pytorch-fid --save-stats format) or features (.npy); image folders and models are not supported yet.`,
  );
}
