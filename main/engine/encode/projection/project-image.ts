import type { ModelInfo } from '../../../contract/channels';
import type { FeatureExtractor } from '../../metrics/extractors/extractor';
import type { Generator } from '../../models/generator';
import type { InferenceScheduler } from '../../render/inference-scheduler';
import { renderBatch } from '../../render/render-latents';
import { sepCmaEs } from './sep-cma-es';
import type { LatentOptimizer } from './optimizer';
import type { RgbaImage } from '../../image/png';

/**
 * Distance between a rendered image and the target:
 *   perceptual = 1 − cos(features(image), features(target))   (the evaluator's extractor)
 *   pixel      = mean squared difference of R, G, B in [0, 1]
 *   prior      = (|z|/√d − 1)² · 0.05, a gentle pull toward the shell where the generator's
 *                training latents live, so the search does not wander to latents that render
 *                artefacts (|z| far from √d) to shave a little pixel error.
 *   distance   = perceptual + pixelWeight · pixel + prior
 */
export interface ProjectionScores {
  distance: number;
  perceptual: number;
  pixel: number;
}

export function pixelDistance(a: RgbaImage, b: RgbaImage): number {
  let s = 0;
  const n = a.width * a.height;
  for (let p = 0; p < n; p++)
    for (let c = 0; c < 3; c++) {
      const d = (a.rgba[p * 4 + c]! - b.rgba[p * 4 + c]!) / 255;
      s += d * d;
    }
  return s / (n * 3);
}

function unit(row: Float64Array): Float64Array {
  const n = Math.sqrt(row.reduce((s, x) => s + x * x, 0)) || 1;
  return row.map((x) => x / n);
}

export interface ProjectionSetup {
  model: ModelInfo;
  generator: Generator;
  scheduler: InferenceScheduler;
  extractor: FeatureExtractor;
  target: RgbaImage;
  pixelWeight: number;
  steps: number;
  seed: number;
  optimizer?: LatentOptimizer;
  shouldStop(): boolean;
  onStep(step: number, steps: number, best: number): void;
}

export async function projectImage(setup: ProjectionSetup) {
  const { generator, scheduler, extractor, target } = setup;
  const dim = generator.props.latentDim;
  const targetFeatures = unit(await extractor.features([target]));
  const score = async (
    zs: Float32Array[],
  ): Promise<{ images: RgbaImage[]; scores: ProjectionScores[] }> => {
    const images = await renderBatch(generator, scheduler, zs, { chunkSize: 16 });
    const features = await extractor.features(images);
    const scores = images.map((image, i) => {
      const f = unit(features.slice(i * extractor.dim, (i + 1) * extractor.dim));
      const cos = f.reduce((s, x, k) => s + x * targetFeatures[k]!, 0);
      const perceptual = 1 - cos;
      const pixel = pixelDistance(image, target);
      const norm = Math.sqrt(zs[i]!.reduce((s, x) => s + x * x, 0));
      const prior = 0.05 * (norm / Math.sqrt(dim) - 1) ** 2;
      return { perceptual, pixel, distance: perceptual + setup.pixelWeight * pixel + prior };
    });
    return { images, scores };
  };
  const optimizer = setup.optimizer ?? sepCmaEs;
  const result = await optimizer.optimise(
    {
      dim,
      evaluate: async (zs) => (await score(zs)).scores.map((s) => s.distance),
      shouldStop: () => setup.shouldStop(),
      onStep: (step, best) => setup.onStep(step, setup.steps, best),
    },
    setup.steps,
    setup.seed,
  );
  const final = await score([result.z]);
  return {
    ...result,
    optimizer: optimizer.name,
    image: final.images[0]!,
    scores: final.scores[0]!,
  };
}
