import { StudioError } from '../../contract/channels';
import type { FeatureExtractor } from '../metrics/extractors/extractor';
import type { RgbaImage } from '../image/png';
import type { SourceFeatures, SourceItem } from '../metrics/feature-source';

export interface ExtractOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StudioError('CANCELLED', 'The evaluation was cancelled.');
}

/**
 * One row per image: the extractor's features, then its class probabilities when it has a
 * classifier (one pass of the network gives both, so the cache always holds both and a later IS
 * costs nothing). Width dim + classes.
 */
export async function extractRows(
  extractor: FeatureExtractor,
  images: readonly RgbaImage[],
): Promise<Float64Array> {
  const { dim, classes } = extractor;
  if (images.length === 0) return new Float64Array(0);
  if (classes === 0) return extractor.features(images);
  const { features, probabilities } = await extractor.extract(images);
  const width = dim + classes;
  const rows = new Float64Array(images.length * width);
  for (let r = 0; r < images.length; r++) {
    rows.set(features.subarray(r * dim, (r + 1) * dim), r * width);
    if (probabilities)
      rows.set(probabilities.subarray(r * classes, (r + 1) * classes), r * width + dim);
  }
  return rows;
}

/** Splits rows of width dim + classes into the features and probabilities of a source. */
export function assembleRows(
  rows: readonly Float64Array[],
  extractor: FeatureExtractor,
  label: string,
  items: SourceItem[],
  warnings: string[],
): SourceFeatures {
  const { dim, classes } = extractor;
  const features = new Float64Array(rows.length * dim);
  const probabilities = classes > 0 ? new Float64Array(rows.length * classes) : null;
  rows.forEach((row, r) => {
    features.set(row.subarray(0, dim), r * dim);
    probabilities?.set(row.subarray(dim, dim + classes), r * classes);
  });
  return {
    label,
    extractorId: extractor.id,
    n: rows.length,
    features: { rows: rows.length, dim, data: features },
    probabilities: probabilities && { rows: rows.length, dim: classes, data: probabilities },
    statistics: null,
    items,
    warnings,
    extracted: 0,
  };
}
