import type { ModelInfo } from '../../contract/channels';
import { gridSeeds, resolveLatent } from '../latent/resolve';
import type { ModelLibrary } from '../library/model-library';
import type { FeatureExtractor } from '../metrics/extractors/extractor';
import type { SourceFeatures } from '../metrics/feature-source';
import { InferenceScheduler } from '../render/inference-scheduler';
import { renderBatch } from '../render/render-latents';
import { assembleRows, extractRows, throwIfAborted, type ExtractOptions } from './extract-rows';

/** Samples rendered and extracted per step: the unit of progress and of cancellation. */
const STEP = 32;
/** Inference chunk inside a step: small, so live frames of the app wait at most one chunk. */
const RENDER_CHUNK = 8;

export const DEFAULT_MODEL_SAMPLES = 2000;

export interface ModelOptions extends ExtractOptions {
  count?: number;
  /** First seed (default 0); sample i uses seed + i, exactly as `sample --seed S --count N`. */
  seed?: number;
  /** Default 1 (no truncation), as the app's seeds. */
  truncation?: number;
  /** The app's scheduler, so evaluation yields to live frames; a private one otherwise. */
  scheduler?: InferenceScheduler;
}

/**
 * Features of N samples of a generator (a library id or a model path): seeds seed..seed+N-1 are
 * resolved and rendered to RGBA by the same code the app uses to show and export them
 * (resolveLatent → renderBatch → toRgbaFrames), so evaluating the model and evaluating a folder of
 * its exported PNGs give the same features. Rendered images live only for one step of STEP samples.
 */
export async function extractModel(
  library: ModelLibrary,
  model: string,
  extractor: FeatureExtractor,
  options: ModelOptions = {},
): Promise<SourceFeatures & { model: ModelInfo }> {
  const { info, generator } = await library.generator(model);
  const count = options.count ?? DEFAULT_MODEL_SAMPLES;
  const seeds = gridSeeds(options.seed ?? 0, count);
  const truncation = options.truncation ?? 1;
  const scheduler = options.scheduler ?? new InferenceScheduler();
  const rows: Float64Array[] = [];
  const width = extractor.dim + extractor.classes;
  options.onProgress?.(0, count);
  for (let start = 0; start < count; start += STEP) {
    throwIfAborted(options.signal);
    const latents = seeds
      .slice(start, start + STEP)
      .map(
        (seed) => resolveLatent({ kind: 'seed', seed, truncation }, generator.props.latentDim).z,
      );
    const images = await renderBatch(generator, scheduler, latents, { chunkSize: RENDER_CHUNK });
    throwIfAborted(options.signal);
    const extracted = await extractRows(extractor, images);
    for (let r = 0; r < images.length; r++)
      rows.push(extracted.subarray(r * width, (r + 1) * width));
    options.onProgress?.(rows.length, count);
  }
  const label = `model ${info.name} (${count} samples, seeds ${seeds[0]}–${seeds.at(-1)}, truncation ${truncation})`;
  const items = seeds.map((seed) => ({ file: null, seed }));
  return { ...assembleRows(rows, extractor, label, items, []), extracted: count, model: info };
}
