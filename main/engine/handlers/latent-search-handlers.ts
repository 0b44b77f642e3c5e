import type { Handlers, Req, Res } from '../../contract/channels';
import { DEFAULT_INVERSION_REFINEMENTS, invertImage } from '../encode/ddim-inversion';
import { isDiffusionModel, type DiffusionModel } from '../models/diffusion-model';
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

    async 'image.project'(request) {
      const { modelId, image, steps, seed, pixelWeight, extractor: spec, jobId } = request;
      const { info, generator } = await ctx.library.generator(modelId);
      const target = await loadTarget(image, info.props.width, info.props.height);
      if (isDiffusionModel(generator)) return invertHandler(ctx, generator, target, request);
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

/** image.project for a diffusion model: DDIM inversion (encode/ddim-inversion.ts). */
async function invertHandler(
  ctx: StudioContext,
  model: DiffusionModel,
  target: Awaited<ReturnType<typeof loadTarget>>,
  request: Req<'image.project'>,
): Promise<Res<'image.project'>> {
  const { jobId } = request;
  const job = ctx.jobs.start(jobId);
  try {
    const result = await invertImage({
      model,
      scheduler: ctx.scheduler,
      target: target.image,
      steps: request.steps ?? model.diffusion.defaults.steps,
      refinements: request.refinements ?? DEFAULT_INVERSION_REFINEMENTS,
      job,
      onStep: (step, total) => {
        job.progress(step, total, 'Inverting (DDIM)');
        if (jobId)
          ctx.events.emit('projection.progress', { jobId, step, steps: total, distance: null });
      },
    });
    const z = float32ToBase64(result.xT);
    const refinements = request.refinements ?? DEFAULT_INVERSION_REFINEMENTS;
    return {
      latent: { kind: 'z' as const, z },
      z,
      distance: result.pixel,
      pixelDistance: result.pixel,
      perceptualDistance: null,
      sampling: result.sampling,
      steps: result.sampling.steps,
      evaluations: result.evaluations,
      optimizer: `ddim-inversion (${refinements} refinement${refinements === 1 ? '' : 's'} per step)`,
      cancelled: false,
      source: target.source,
      frame: { ...result.image, seed: null },
    };
  } finally {
    job.finish();
  }
}
