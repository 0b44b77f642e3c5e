import type { TrainMetrics } from '../../../contract/training-schemas';
import type { RgbaImage } from '../../image/png';
import { thumbnail } from './images';
import type { NearestPair } from './memorization-check';

export const THUMB = 32;

type Pair = NonNullable<TrainMetrics['memorization']>['pairs'][number];

/** Nearest pairs as the dashboard shows them: sample and training image side by side, small. */
export function pairsWithThumbnails(
  pairs: readonly NearestPair[],
  samples: readonly RgbaImage[],
  reference: readonly RgbaImage[],
  indices: Uint32Array,
  files: readonly string[],
): Pair[] {
  return pairs.map((p) => {
    const sample = thumbnail(samples[p.sample]!, THUMB);
    const train = thumbnail(reference[p.train]!, THUMB);
    return {
      sample: p.sample,
      file: files[indices[p.train]!] ?? '',
      distance: p.distance,
      flagged: p.flagged,
      sampleRgba: sample.rgba,
      trainRgba: train.rgba,
      thumb: sample.width,
    };
  });
}
