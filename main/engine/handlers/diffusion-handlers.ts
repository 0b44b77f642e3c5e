import { StudioError, type Handlers } from '../../contract/channels';
import { resolveLatent } from '../latent/resolve';
import { isDiffusionModel } from '../models/diffusion-model';
import { denoiseLive } from '../render/render-diffusion';
import type { StudioContext } from './studio-context';

/**
 * Live denoising: one sample of a diffusion model, with the predicted clean image of every step
 * pushed as a `diffusion.step` event under the request's jobId; `job.cancel` stops it.
 */
export function diffusionHandlers(ctx: StudioContext): Pick<Handlers, 'diffusion.denoise'> {
  return {
    async 'diffusion.denoise'({ modelId, latent, sampling, jobId }) {
      const { info, generator } = await ctx.library.generator(modelId);
      if (!isDiffusionModel(generator))
        throw new StudioError(
          'BAD_REQUEST',
          `"${info.name}" is not a diffusion model, so it has no denoising steps to show.`,
        );
      const resolved = resolveLatent(latent, generator.props.latentDim);
      const settings = generator.sampling(sampling);
      const job = ctx.jobs.start(jobId);
      try {
        const image = await denoiseLive(
          generator,
          ctx.scheduler,
          resolved.z,
          settings,
          job,
          ({ image: frame, ...step }) =>
            ctx.events.emit('diffusion.step', {
              jobId,
              ...step,
              frame: { ...frame, seed: resolved.seed },
            }),
        );
        return { frame: { ...image, seed: resolved.seed }, steps: settings.steps };
      } finally {
        job.finish();
      }
    },
  };
}
