import { z } from 'zod';
import { samplingSchema } from './diffusion-schemas';
import { latentSpecSchema } from './latent-spec';
import { frameSchema } from './schemas';

/**
 * Live denoising of one diffusion sample: the engine runs the sampler step by step and pushes the
 * predicted clean image x0 of every step as a `diffusion.step` event (same jobId), so the canvas
 * shows it sharpen. `job.cancel` stops it between steps; the response is the finished image.
 */
export const diffusionChannels = {
  'diffusion.denoise': {
    request: z.object({
      modelId: z.string().min(1).max(4096),
      latent: latentSpecSchema,
      sampling: samplingSchema.optional(),
      jobId: z.string().min(1).max(128),
    }),
    response: z.object({
      frame: frameSchema,
      steps: z.number().int(),
    }),
  },
} as const;

export const diffusionEvents = {
  /** One denoising step: `frame` is x0 as predicted at timestep `timestep` (step of total). */
  'diffusion.step': z.object({
    jobId: z.string(),
    step: z.number().int(),
    total: z.number().int(),
    timestep: z.number().int(),
    frame: frameSchema,
  }),
} as const;
