import { z } from 'zod';
import { latentSpecSchema } from './latent-spec';
import { filePath, frameSchema } from './schemas';

/**
 * PixelCNN sampling for the canvas (issue 11): several images at once, filled in raster order;
 * after every finished row a `pixelcnn.row` event carries the images so far (pixels not yet made
 * are black), so the canvas shows them fill in; `job.cancel` stops between sub-pixels.
 * Completion: `complete.image` (any image file: one of the user's, or an exported sample) is read
 * as training reads images, its top `rows` rows are kept and the model makes the rest — one
 * completion per latent, side by side. Each latent is the sampling noise (same latent, same image).
 */
/** Images one pixelcnn.sample request makes at once (the renderer's field reads this bound). */
export const pixelCnnCountSchema = z.number().int().min(1).max(16);

export const pixelCnnChannels = {
  'pixelcnn.sample': {
    request: z.object({
      modelId: z.string().min(1).max(4096),
      latents: z
        .array(latentSpecSchema)
        .min(1)
        .max(pixelCnnCountSchema.maxValue ?? 16),
      temperature: z.number().min(0).max(10).optional(),
      complete: z.object({ image: filePath, rows: z.number().int().min(0).max(1024) }).optional(),
      jobId: z.string().min(1).max(128).optional(),
    }),
    response: z.object({ frames: z.array(frameSchema), temperature: z.number() }),
  },
} as const;

export const pixelCnnEvents = {
  'pixelcnn.row': z.object({
    jobId: z.string(),
    row: z.number().int(),
    rows: z.number().int(),
    frames: z.array(frameSchema),
  }),
} as const;
