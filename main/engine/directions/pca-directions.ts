import { StudioError } from '../../contract/channels';
import { gridSeeds } from '../latent/resolve';
import { sampleTruncatedLatent } from '../latent/truncation';
import { extractorCacheDir, openExtractor } from '../metrics/extractors/open-extractor';
import type { ModelInfo } from '../../contract/channels';
import type { Generator } from '../models/generator';
import type { InferenceScheduler } from '../render/inference-scheduler';
import type { JobHandle } from '../render/jobs';
import { renderBatch } from '../render/render-latents';
import { openActivationReader } from './activation-features';
import { ganspaceDirections, type LatentDirection } from './ganspace';

export interface PcaRequest {
  count: number;
  samples: number;
  seed: number;
  features: 'auto' | 'activation' | 'image';
}

/** The evaluator's extractor that suits a model: the bundled Fashion-MNIST CNN for greyscale, else Inception. */
export function defaultExtractorFor(info: ModelInfo): string {
  return info.props.channels === 1 ? 'fashion-mnist' : 'inception';
}

const CHUNK = 16;

/**
 * GANSpace directions for a library model: `samples` latents from seeds seed, seed+1, … (ψ = 1),
 * their features (an early activation of the ONNX graph when it has one and `features` allows,
 * else the evaluator's image features of the rendered samples), then ganspace.ts.
 */
export async function pcaDirections(
  env: { dataDir: string; scheduler: InferenceScheduler; job: JobHandle },
  info: ModelInfo,
  generator: Generator,
  request: PcaRequest,
): Promise<{ directions: LatentDirection[]; features: string }> {
  const dim = generator.props.latentDim;
  const latents = gridSeeds(request.seed, request.samples).map((s) =>
    sampleTruncatedLatent(s, dim, 1),
  );
  const { job, scheduler } = env;
  const label = 'Finding directions';
  let features: Float64Array[] | null = null;
  let description = '';
  // A diffusion model's ONNX file is its denoiser (x_t, t → noise): one step's activations are not
  // features of the image, so diffusion models always use the image features.
  if (request.features !== 'image' && info.props.format === 'onnx' && info.kind !== 'diffusion') {
    const reader = await openActivationReader(info.path, generator.props);
    if (reader) {
      try {
        features = [];
        for (let start = 0; start < latents.length; start += CHUNK) {
          job.throwIfCancelled();
          const chunk = latents.slice(start, start + CHUNK);
          features.push(...(await scheduler.batchTask(() => reader.features(chunk))));
          job.progress(features.length, latents.length, label);
        }
        description = reader.label;
      } finally {
        await reader.dispose();
      }
    }
  }
  if (!features && request.features === 'activation')
    throw new StudioError(
      'BAD_REQUEST',
      `"${info.name}" exposes no early activation (only ONNX graphs with a ReLU/LeakyReLU/… before the output do); use the image features instead.`,
    );
  if (!features) {
    const spec = defaultExtractorFor(info);
    const extractor = await openExtractor(spec, { cacheDir: extractorCacheDir(env.dataDir) });
    try {
      features = [];
      for (let start = 0; start < latents.length; start += CHUNK) {
        job.throwIfCancelled();
        const images = await renderBatch(
          generator,
          scheduler,
          latents.slice(start, start + CHUNK),
          { chunkSize: CHUNK },
        );
        const rows = await extractor.features(images);
        for (let r = 0; r < images.length; r++)
          features.push(rows.slice(r * extractor.dim, (r + 1) * extractor.dim));
        job.progress(features.length, latents.length, label);
      }
      description = `image features ${extractor.id}`;
    } finally {
      await extractor.dispose();
    }
  }
  job.throwIfCancelled();
  const directions = await scheduler.batchTask(async () =>
    ganspaceDirections(latents, features, request.count, request.seed),
  );
  return { directions, features: description };
}
