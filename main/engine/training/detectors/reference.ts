import type { FeatureMatrix } from '../../metrics/features';
import {
  DEFAULT_MEMORIZATION_QUANTILE,
  nearestNeighbours,
  quantileOf,
} from '../../metrics/memorization';
import { mean, pairDistances, quantile } from './feature-distances';

/**
 * What the detectors compare a run's samples with, computed once per run from the features of a
 * fixed subset of its training images:
 *  - diversity: mean pairwise feature distance of the training images;
 *  - nearDupDistance: the 1st percentile of training-pair distances (closer pairs are near-duplicates);
 *  - memorizationDistance: the 5th percentile of the training images' leave-one-out nearest-neighbour
 *    distances ("closer to a training image than training images are to each other"), exact
 *    duplicates (distance 0) left out — the rule of metrics/memorization.ts, computed once here
 *    instead of at every preview.
 */
export interface DetectorReference {
  features: FeatureMatrix;
  diversity: number;
  nearDupDistance: number;
  memorizationDistance: number;
}

export const NEAR_DUP_QUANTILE = 0.01;
export const MEMORIZATION_QUANTILE = DEFAULT_MEMORIZATION_QUANTILE;

export function detectorReference(features: FeatureMatrix): DetectorReference {
  if (features.rows < 3)
    throw new Error(
      `The detectors need at least 3 training images for a reference, not ${features.rows}.`,
    );
  const pairs = pairDistances(features);
  const loo = nearestNeighbours(features, features, true)
    .distances.filter((d) => d > 0)
    .sort();
  return {
    features,
    diversity: mean(pairs),
    nearDupDistance: quantile(pairs, NEAR_DUP_QUANTILE),
    memorizationDistance: loo.length > 0 ? quantileOf(loo, MEMORIZATION_QUANTILE) : 0,
  };
}
