import type { FeatureMatrix } from '../../metrics/features';
import { nearestNeighbours, smallReferenceWarning } from '../../metrics/memorization';
import type { DetectorReference } from './reference';

/**
 * Memorisation rule (that of metrics/memorization.ts): a sample is flagged when its nearest training
 * image (in feature space, among the reference subset) is closer than the reference's memorisation
 * distance — the 5th percentile of the training images' own leave-one-out nearest-neighbour
 * distances — or is an exact copy. A healthy sample is
 * flagged by chance about 5% of the time, so the run-level alarm needs FLAGGED_ALARM of them.
 */
export const FLAGGED_ALARM = 0.25;

export interface NearestPair {
  sample: number;
  /** Row of the reference subset. */
  train: number;
  distance: number;
  flagged: boolean;
}

export interface MemorizationReading {
  threshold: number;
  pairs: NearestPair[];
  flaggedShare: number;
  alarm: string | null;
  /** The reference set is too small for the flags to mean much (metrics/memorization.ts). */
  warning: string | null;
}

export function checkMemorization(
  samples: FeatureMatrix,
  reference: DetectorReference,
): MemorizationReading {
  const threshold = reference.memorizationDistance;
  const { nearest, distances } = nearestNeighbours(samples, reference.features, false);
  // As metrics/memorization.ts: an exact copy (distance 0) is always flagged.
  const pairs: NearestPair[] = Array.from(nearest, (train, sample) => ({
    sample,
    train,
    distance: distances[sample]!,
    flagged: distances[sample]! === 0 || distances[sample]! < threshold,
  }));
  const flagged = pairs.filter((p) => p.flagged).length;
  const flaggedShare = pairs.length ? flagged / pairs.length : 0;
  const alarm =
    flaggedShare >= FLAGGED_ALARM
      ? `Possible memorisation: ${flagged} of ${pairs.length} samples are closer to a training image than 95% of training images are to their nearest neighbour.`
      : null;
  const warning = smallReferenceWarning(reference.features.rows);
  return { threshold, pairs, flaggedShare, alarm, warning };
}
