import type { FeatureExtractor } from '../../metrics/extractors/extractor';
import { openExtractor } from '../../metrics/extractors/open-extractor';

/** What train.start puts in a run's config when the request names no extractor. */
export const DEFAULT_EXTRACTOR = 'inception';

/**
 * The run's feature extractor (config.extractor): 'inception' (default; converted once and cached
 * in `cacheDir`), 'fashion-mnist', or the path of an ONNX extractor with its .json manifest.
 * Throws with the reason in words; the session turns that into "detectors are off because …" and
 * training carries on.
 */
export function openDetectorExtractor(
  spec: string | undefined,
  options: { cacheDir: string; onNotice?: (message: string) => void },
): Promise<FeatureExtractor> {
  return openExtractor(spec, options);
}
