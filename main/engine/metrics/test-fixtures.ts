import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { featureMatrix, type FeatureMatrix } from './features';
import type { GaussianStats } from './gaussian-stats';
import { parseNpy } from './npy';
import { parseNpz } from './npz';
import { mirrorLower, rowDots } from './row-dots';

/** Test helpers over test/fixtures/metrics (made by scripts/make_metric_fixtures.py). */
export const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/metrics');

export const reference = JSON.parse(
  readFileSync(join(FIXTURES, 'reference.json'), 'utf8'),
) as Record<string, unknown> & {
  fid_features: number;
  fid_singular: number;
  fid_stats_files: number;
  fid_2048: number;
  stats_real: { mu: number[]; sigma_diag: number[]; sigma_01: number; sigma_sum: number };
  kid_small: { mean: number; std: number };
  kid_default: { mean: number; std: number };
  prdc_k3: Record<'precision' | 'recall' | 'density' | 'coverage', number>;
  prdc_k5: Record<'precision' | 'recall' | 'density' | 'coverage', number>;
  inception_score: { mean: number; std: number };
  bleu: BleuCase[];
};

export interface BleuCase {
  name: string;
  hyps: string[];
  refs: string[][];
  nltk: { none: number; epsilon: number };
  sacrebleu: Record<
    '13a' | 'none',
    Record<
      'exp' | 'floor' | 'add-k',
      { bleu: number; precisions: number[]; brevityPenalty: number; hypLen: number; refLen: number }
    >
  >;
}

export function loadFeatures(name: string): FeatureMatrix {
  const file = join(FIXTURES, name);
  const { shape, data } = parseNpy(readFileSync(file), file);
  return featureMatrix(data, shape[1]!);
}

/** sigma = F·Fᵀ + diag(D) in float64 from a committed recipe (see the fixture script). */
export function statsFromRecipe(name: string): GaussianStats {
  const file = join(FIXTURES, name);
  const arrays = parseNpz(readFileSync(file), file);
  const f = arrays.get('factors')!;
  const [d, r] = f.shape as [number, number];
  const sigma = new Float64Array(d * d);
  rowDots(f.data, d, f.data, d, r, sigma, { lower: true });
  mirrorLower(sigma, d);
  const diag = arrays.get('diag')!.data;
  for (let i = 0; i < d; i++) sigma[i * d + i]! += diag[i]!;
  return { mu: arrays.get('mu')!.data, sigma };
}

export const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
