import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePngs } from '../../main/engine/export/export-images';
import { gridSeeds, resolveLatent } from '../../main/engine/latent/resolve';
import { ModelLibrary } from '../../main/engine/library/model-library';
import type { FeatureExtractor } from '../../main/engine/metrics/extractors/extractor';
import { TINY_ONNX } from '../../main/engine/metrics/extractors/extractor-test-fixtures';
import { openOnnxExtractor } from '../../main/engine/metrics/extractors/onnx-extractor';
import { InferenceScheduler } from '../../main/engine/render/inference-scheduler';
import { renderBatch } from '../../main/engine/render/render-latents';

const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** Generators made by scripts/fixtures/make_eval_generators.py. */
export const EVAL_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'eval');
export const HEALTHY = join(EVAL_FIXTURES, 'healthy-generator.onnx');
export const COLLAPSED = join(EVAL_FIXTURES, 'collapsed-generator.onnx');
export { TINY_ONNX };

export interface EvalWorld {
  dir: string;
  dataDir: string;
  library: ModelLibrary;
  extractor: FeatureExtractor;
  close(): Promise<void>;
}

/** A temp folder, a model library over it, and the tiny test extractor (real onnxruntime). */
export async function openEvalWorld(): Promise<EvalWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'latent-eval-'));
  const dataDir = join(dir, 'data');
  const library = new ModelLibrary({ dataDir, assetsDir: join(REPO_ROOT, 'assets') });
  const extractor = await openOnnxExtractor(TINY_ONNX);
  return {
    dir,
    dataDir,
    library,
    extractor,
    async close() {
      await extractor.dispose();
      await library.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Exports seeds seed..seed+count-1 of a model as PNGs into `out`, by the app's own export path
 * (resolveLatent → renderBatch → writePngs): what `latent-studio sample` writes.
 */
export async function exportSeeds(
  library: ModelLibrary,
  model: string,
  seed: number,
  count: number,
  out: string,
): Promise<string[]> {
  const { info, generator } = await library.generator(model);
  const latents = gridSeeds(seed, count).map((s) =>
    resolveLatent({ kind: 'seed', seed: s }, generator.props.latentDim),
  );
  const images = await renderBatch(
    generator,
    new InferenceScheduler(),
    latents.map((l) => l.z),
    { chunkSize: 8 },
  );
  return writePngs(
    out,
    info,
    images.map((image, i) => ({ image, latent: latents[i]! })),
  );
}
