import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StudioError } from '../../../contract/channels';
import type { FeatureExtractor } from './extractor';
import { manifestPathFor } from './extractor-manifest';
import { openNsfwjsExtractor } from './nsfwjs-extractor';
import { openOnnxExtractor } from './onnx-extractor';

export interface OpenExtractorOptions {
  /** The app's cache root (`extractorCacheDir(dataDir)`); conversions go in `<cacheDir>/extractors`. */
  cacheDir: string;
  /** Words for the user, e.g. that a one-time conversion is running. */
  onNotice?: (message: string) => void;
  /** The app's `assets` folder (bundled extractors); default: found above this module. */
  assetsDir?: string;
}

/** Specs a user can give: the default, the bundled Fashion-MNIST classifier, or an .onnx path. */
export const EXTRACTOR_SPECS = ['inception', 'fashion-mnist', '<file>.onnx'] as const;

/** Where derived, re-creatable files live: `<dataDir>/cache`. */
export function extractorCacheDir(dataDir: string): string {
  return join(dataDir, 'cache');
}

/**
 * The package's `assets` folder. The CLI and the studio pass `<packageRoot>/assets`; here, with no
 * such option, walk up from this module (source: main/engine/metrics/extractors, bundle: dist/…).
 */
function defaultAssetsDir(): string {
  if (process.env.LATENT_STUDIO_ROOT) return join(process.env.LATENT_STUDIO_ROOT, 'assets');
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'assets')) && existsSync(join(dir, 'package.json')))
      return join(dir, 'assets');
    const up = dirname(dir);
    if (up === dir) return join(process.cwd(), 'assets');
    dir = up;
  }
}

async function openFashionMnist(assetsDir: string): Promise<FeatureExtractor> {
  const onnx = join(assetsDir, 'extractors', 'fashion-mnist-classifier.onnx');
  if (!existsSync(onnx) || !existsSync(manifestPathFor(onnx)))
    throw new StudioError(
      'NOT_FOUND',
      `The bundled Fashion-MNIST classifier is missing (${onnx} and its .json manifest); reinstall the app or pass --extractor with an .onnx file.`,
    );
  return openOnnxExtractor(onnx, {
    label:
      'Fashion-MNIST classifier bundled with Latent Studio (trained by its own tfjs training code, scripts/default-model/train-fashion-classifier.ts; not a published network)',
  });
}

/**
 * Opens the extractor named by `spec`: undefined or 'inception' → InceptionV3 from nsfwjs
 * (converted once, cached); 'fashion-mnist' → the bundled classifier; a path ending in .onnx → a
 * user extractor with its `<name>.json` manifest beside it.
 */
export async function openExtractor(
  spec: string | undefined,
  options: OpenExtractorOptions,
): Promise<FeatureExtractor> {
  if (spec === undefined || spec === 'inception')
    return openNsfwjsExtractor(options.cacheDir, options.onNotice);
  if (spec === 'fashion-mnist') return openFashionMnist(options.assetsDir ?? defaultAssetsDir());
  if (/\.onnx$/i.test(spec)) return openOnnxExtractor(resolve(spec));
  throw new StudioError(
    'BAD_REQUEST',
    `Unknown feature extractor "${spec}": use "inception" (default), "fashion-mnist", or the path of an .onnx file with its .json manifest beside it.`,
  );
}
