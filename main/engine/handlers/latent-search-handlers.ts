import type { Handlers } from '../../contract/channels';
import { defaultExtractorFor, pcaDirections } from '../directions/pca-directions';
import { loadTarget } from '../encode/image-input';
import { projectImage } from '../encode/projection/project-image';
import { encodeImage } from '../encode/vae-encoder';
import { float32ToBase64 } from '../latent/base64';
import { extractorCacheDir, openExtractor } from '../metrics/extractors/open-extractor';
import type { StudioContext } from './studio-context';

type SearchChannel = 'directions.pca' | 'image.encode' | 'image.project';

/** Default search budget: generations of sep-CMA-ES (each renders 4 + 3·ln d candidates). */
export const DEFAULT_PROJECTION_STEPS = 60;

export function latentSearchHandlers(ctx: StudioContext): Pick<Handlers, SearchChannel> {
  return {
    async 'directions.pca'({ modelId, count, samples, seed, features, jobId }) {
      const { info, generator } = await ctx.library.generator(modelId);
      const job = ctx.jobs.start(jobId);
      const request = {
        count,
        samples: samples ?? 512,
        seed: seed ?? 0,
        features: features ?? 'auto',
      };
      try {
        const found = await pcaDirections(
          { dataDir: ctx.dataDir, scheduler: ctx.scheduler, job },
          info,
          generator,
          request,
        );
        return {
          directions: found.directions.map((d) => ({ ...d, vector: float32ToBase64(d.vector) })),
          features: found.features,
          samples: request.samples,
          seed: request.seed,
        };
      } finally {
        job.finish();
      }
    },

    async 'image.encode'({ modelId, image }) {
      const info = await ctx.library.get(modelId);
      const target = await loadTarget(image, info.props.width, info.props.height);
      const { mean, logvar } = await ctx.scheduler.batchTask(() => encodeImage(info, target.image));
      const z = float32ToBase64(mean);
      return {
        latent: { kind: 'z' as const, z },
        z,
        logvar: float32ToBase64(logvar),
        source: target.source,
      };
    },

    async 'image.project'({ modelId, image, steps, seed, pixelWeight, extractor: spec, jobId }) {
      const { info, generator } = await ctx.library.generator(modelId);
      const target = await loadTarget(image, info.props.width, info.props.height);
      const extractor = await openExtractor(spec ?? defaultExtractorFor(info), {
        cacheDir: extractorCacheDir(ctx.dataDir),
      });
      const job = ctx.jobs.start(jobId);
      const budget = steps ?? DEFAULT_PROJECTION_STEPS;
      try {
        const result = await projectImage({
          model: info,
          generator,
          scheduler: ctx.scheduler,
          extractor,
          target: target.image,
          pixelWeight: pixelWeight ?? 1,
          steps: budget,
          seed: seed ?? 0,
          shouldStop: () => job.signal.aborted,
          onStep: (step, total, best) => {
            job.progress(step, total, 'Projecting');
            if (jobId)
              ctx.events.emit('projection.progress', { jobId, step, steps: total, distance: best });
          },
        });
        const z = float32ToBase64(result.z);
        return {
          latent: { kind: 'z' as const, z },
          z,
          distance: result.scores.distance,
          pixelDistance: result.scores.pixel,
          perceptualDistance: result.scores.perceptual,
          steps: result.steps,
          evaluations: result.evaluations,
          optimizer: `${result.optimizer} (perceptual: ${extractor.id})`,
          cancelled: job.signal.aborted,
          source: target.source,
          frame: { ...result.image, seed: null },
        };
      } finally {
        job.finish();
        await extractor.dispose();
      }
    },
  };
}
