import { StudioError } from '../../contract/channels';
import { rowNorms, type FeatureMatrix } from './features';
import { rowDots } from './row-dots';

/**
 * Memorisation (over-fitting) check: is a generated sample closer to some training image than
 * training images usually are to each other?
 *
 * Distance: Euclidean (L2) in the extractor's feature space — the space FID and precision/recall
 * measure in, so "close" means the same thing in every metric. Nearest neighbours are searched with
 * ‖a‖² + ‖b‖² − 2a·b in batches (memory: BATCH × training rows); the winning distance is then
 * recomputed directly as √Σ(aᵢ−bᵢ)², so an exact copy measures exactly 0, not rounding noise.
 *
 * Threshold: the `quantile` (default 5 %) of the training set's own leave-one-out nearest-neighbour
 * distances. Why that rule: a sample drawn from the training distribution but NOT copied from it is,
 * with respect to the training set, just another fresh point, so its nearest-neighbour distance is
 * distributed like a training image's distance to the other training images. Flagging below the
 * 5th percentile therefore flags about 5 % of an honest generator's samples by chance — a known,
 * small false-alarm rate — while a copied sample sits near 0, far below. A lower quantile (1 %)
 * would rest on two or three distances for a few-hundred-image folder and be noisy; a higher one
 * would cry wolf on healthy models. Exact duplicates inside the training set (distance 0) are left
 * out of the quantile: they say nothing about how close distinct images are. A sample at distance
 * 0 (a pixel-exact copy) is always flagged.
 *
 * Pure and float64: the live detector during training reuses it on the preview samples.
 */
export interface MemorizationOptions {
  /** Quantile of the training leave-one-out distances used as the threshold (0 < q < 1). */
  quantile?: number;
  /** How many of the closest (sample, training image) pairs to return. */
  maxPairs?: number;
}

export interface MemorizationPairIndex {
  sample: number;
  train: number;
  distance: number;
  flagged: boolean;
}

export interface MemorizationResult {
  threshold: number;
  quantile: number;
  /** Per sample: index of its nearest training row, and the Euclidean distance to it. */
  nearest: Int32Array;
  distances: Float64Array;
  flagged: number;
  /** Closest pairs first, one per sample, at most `maxPairs`. */
  pairs: MemorizationPairIndex[];
  /** In words, when the training set is too small for the threshold to mean much; else null. */
  warning: string | null;
}

export const DEFAULT_MEMORIZATION_QUANTILE = 0.05;

/**
 * Fewer reference (training) images than this and the flags carry a warning. Why 50: the threshold
 * is the 5th percentile of n leave-one-out distances, at position 0.05·(n−1) among them sorted; below
 * 50 images that is before the 3rd smallest, so one or two close pairs of training images set it
 * alone (a single near-duplicate pair in the folder moves it a lot), and with few images every
 * nearest neighbour is far, so "closer than training images are to each other" says little.
 */
export const SMALL_REFERENCE_SET = 50;

/** The warning in words for flags measured against `referenceImages` images, or null. */
export function smallReferenceWarning(referenceImages: number): string | null {
  if (referenceImages >= SMALL_REFERENCE_SET) return null;
  return `Only ${referenceImages} training images to compare with (fewer than ${SMALL_REFERENCE_SET}): the flag threshold rests on one or two pairs of them, so these memorisation flags are unreliable either way.`;
}

const BATCH = 256;

export function memorization(
  train: FeatureMatrix,
  samples: FeatureMatrix,
  options: MemorizationOptions = {},
): MemorizationResult {
  const quantile = options.quantile ?? DEFAULT_MEMORIZATION_QUANTILE;
  const maxPairs = options.maxPairs ?? 64;
  if (train.dim !== samples.dim)
    throw new StudioError(
      'BAD_REQUEST',
      `Feature dimensions differ (${train.dim} vs ${samples.dim}).`,
    );
  if (train.rows < 2)
    throw new StudioError(
      'BAD_REQUEST',
      `The memorisation check needs at least 2 training images, got ${train.rows}.`,
    );
  if (!(quantile > 0 && quantile < 1))
    throw new StudioError('BAD_REQUEST', `The quantile must be between 0 and 1, not ${quantile}.`);
  const own = nearestNeighbours(train, train, true);
  const distinct = own.distances.filter((d) => d > 0).sort();
  const threshold = distinct.length > 0 ? quantileOf(distinct, quantile) : 0;
  const { nearest, distances } = nearestNeighbours(samples, train, false);
  const isFlagged = (d: number) => d === 0 || d < threshold;
  let flagged = 0;
  for (const d of distances) if (isFlagged(d)) flagged++;
  const order = Array.from(distances.keys()).sort((a, b) => distances[a]! - distances[b]! || a - b);
  const pairs = order.slice(0, maxPairs).map((sample) => ({
    sample,
    train: nearest[sample]!,
    distance: distances[sample]!,
    flagged: isFlagged(distances[sample]!),
  }));
  const warning = smallReferenceWarning(train.rows);
  return { threshold, quantile, nearest, distances, flagged, pairs, warning };
}

/** numpy.quantile's default (linear interpolation between order statistics) on sorted values. */
export function quantileOf(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * For each row of `a`, the nearest row of `b` (excluding itself when `a` is `b`) and its exact
 * Euclidean distance. Ties go to the lower index.
 */
export function nearestNeighbours(
  a: FeatureMatrix,
  b: FeatureMatrix,
  excludeSelf: boolean,
): { nearest: Int32Array; distances: Float64Array } {
  const na = rowNorms(a);
  const nb = rowNorms(b);
  const nearest = new Int32Array(a.rows).fill(-1);
  const distances = new Float64Array(a.rows);
  const dots = new Float64Array(Math.min(BATCH, a.rows) * b.rows);
  for (let i0 = 0; i0 < a.rows; i0 += BATCH) {
    const rows = Math.min(BATCH, a.rows - i0);
    rowDots(a.data.subarray(i0 * a.dim, (i0 + rows) * a.dim), rows, b.data, b.rows, a.dim, dots);
    for (let r = 0; r < rows; r++) {
      const i = i0 + r;
      let best = -1;
      let bestD2 = Infinity;
      for (let j = 0; j < b.rows; j++) {
        if (excludeSelf && j === i) continue;
        const d2 = na[i]! + nb[j]! - 2 * dots[r * b.rows + j]!;
        if (d2 < bestD2) {
          bestD2 = d2;
          best = j;
        }
      }
      nearest[i] = best;
      distances[i] = best < 0 ? Infinity : exactDistance(a, i, b, best);
    }
  }
  return { nearest, distances };
}

function exactDistance(a: FeatureMatrix, i: number, b: FeatureMatrix, j: number): number {
  let s = 0;
  for (let c = 0; c < a.dim; c++) {
    const diff = a.data[i * a.dim + c]! - b.data[j * b.dim + c]!;
    s += diff * diff;
  }
  return Math.sqrt(s);
}
