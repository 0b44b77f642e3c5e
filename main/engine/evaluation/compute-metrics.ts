import type { EvalMetric, EvalResults } from '../../contract/eval-schemas';
import { StudioError } from '../../contract/channels';
import { statisticsOf, type SourceFeatures } from '../metrics/feature-source';
import type { FeatureMatrix } from '../metrics/features';
import { frechetDistance } from '../metrics/fid';
import { inceptionScore } from '../metrics/inception-score';
import { kernelInceptionDistance, kidSubsetSize } from '../metrics/kid';
import { memorization } from '../metrics/memorization';
import { manifoldMetrics } from '../metrics/precision-recall';

/** Below this many samples on the smaller side FID is biased upwards: KID leads, FID warns. */
export const SMALL_SAMPLE = 2000;
/** KID multiply-add budget: subsets shrink (never under 10) so one KID stays under ~a minute. */
const KID_BUDGET = 4e10;

export const PR_K = 5;

/** Metric order for display: KID before FID when the smaller side is small. */
export function metricOrder(metrics: readonly EvalMetric[], smaller: number | null): EvalMetric[] {
  const small = smaller !== null && smaller < SMALL_SAMPLE;
  const canonical: EvalMetric[] = small
    ? ['kid', 'fid', 'pr', 'is', 'memorization']
    : ['fid', 'kid', 'pr', 'is', 'memorization'];
  return canonical.filter((m) => metrics.includes(m));
}

export function fidWarning(nReal: number | null, nFake: number | null): string | null {
  const known = [nReal, nFake].filter((n): n is number => n !== null);
  if (known.length === 0) return null;
  const smaller = Math.min(...known);
  if (smaller >= SMALL_SAMPLE) return null;
  return `FID from ${smaller} samples is biased upwards (it falls as samples grow; the usual figure uses 50,000). Compare FIDs only at equal sample counts, or prefer KID, which is unbiased.`;
}

function needFeatures(side: SourceFeatures, metric: string): FeatureMatrix {
  if (side.features) return side.features;
  throw new StudioError(
    'BAD_REQUEST',
    `${metric} needs per-image features, but ${side.label} holds only mean and covariance; use a folder, a model or a .npy feature file.`,
  );
}

/** Computes one metric; `real` is null only for IS. */
export function computeMetric(
  metric: EvalMetric,
  real: SourceFeatures | null,
  fake: SourceFeatures,
  classifier: string,
): EvalResults {
  const ref = () => {
    if (!real) throw new StudioError('BAD_REQUEST', `${metric} needs a reference (--real).`);
    return real;
  };
  switch (metric) {
    case 'fid': {
      const value = frechetDistance(statisticsOf(ref()), statisticsOf(fake));
      return { fid: { value, warning: fidWarning(ref().n, fake.n) } };
    }
    case 'kid': {
      const a = needFeatures(ref(), 'KID');
      const b = needFeatures(fake, 'KID');
      const size = kidSubsetSize(a.rows, b.rows);
      const subsets = Math.max(
        10,
        Math.min(100, Math.floor(KID_BUDGET / (2 * size * size * a.dim))),
      );
      return { kid: kernelInceptionDistance(a, b, { subsets, subsetSize: size }) };
    }
    case 'pr': {
      const r = manifoldMetrics(
        needFeatures(ref(), 'Precision/recall'),
        needFeatures(fake, 'Precision/recall'),
        {
          kPrecisionRecall: 3,
          kDensityCoverage: PR_K,
        },
      );
      return { pr: { ...r, k: PR_K } };
    }
    case 'is': {
      const p = fake.probabilities;
      if (!p)
        throw new StudioError(
          'BAD_REQUEST',
          `Inception Score needs images run through a classifier; ${fake.label} has no class probabilities.`,
        );
      const splits = Math.max(1, Math.min(10, Math.floor(p.rows / 10)));
      return { is: { ...inceptionScore(p.data, p.dim, splits), splits, classifier } };
    }
    case 'memorization':
      return { memorization: memorizationResult(ref(), fake) };
  }
}

function memorizationResult(train: SourceFeatures, fake: SourceFeatures) {
  const r = memorization(
    needFeatures(train, 'The memorisation check'),
    needFeatures(fake, 'The memorisation check'),
  );
  return {
    threshold: r.threshold,
    thresholdRule: `${ordinal(Math.round(r.quantile * 100))} percentile of the training images’ leave-one-out nearest-neighbour distances (Euclidean, in feature space)`,
    flagged: r.flagged,
    total: r.distances.length,
    warning: r.warning,
    pairs: r.pairs.map((p) => ({
      sample: p.sample,
      seed: fake.items[p.sample]?.seed ?? null,
      sampleFile: fake.items[p.sample]?.file ?? null,
      trainFile: train.items[p.train]?.file ?? `row ${p.train}`,
      distance: p.distance,
      flagged: p.flagged,
    })),
  };
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n !== 11
      ? 'st'
      : n % 10 === 2 && n !== 12
        ? 'nd'
        : n % 10 === 3 && n !== 13
          ? 'rd'
          : 'th';
  return `${n}${suffix}`;
}
