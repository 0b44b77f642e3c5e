import { z } from 'zod';
import { samplingSchema } from './diffusion-schemas';
import { exportItemSchema, sizeFields } from './latent-tools-channels';
import { bytes } from './schemas';

/** Images one browser download may hold; larger batches go into a folder (desktop, CLI). */
export const MAX_DOWNLOAD_IMAGES = 1000;
/** Bytes of one download's answer: under the WebSocket's 64 MiB message and queue bounds. */
export const MAX_DOWNLOAD_BYTES = 48 * 1024 * 1024;

/**
 * The browser shell's export (issue 12, "Export and layout"): the same PNGs as `export.batch`
 * (template names, size, latent + recipe + lineage in each), returned as bytes for the page to
 * hand to the browser as a download instead of being written on the engine's machine. One image
 * is its PNG; several are one ZIP (stored: PNGs are already compressed) named after the model.
 * channels.ts spreads them into the one contract.
 */
export const downloadChannels = {
  'export.download': {
    request: z.object({
      modelId: z.string().min(1).max(4096),
      items: z.array(exportItemSchema).min(1).max(MAX_DOWNLOAD_IMAGES),
      template: z.string().min(1).max(200).optional(),
      ...sizeFields,
      sampling: samplingSchema.optional(),
      jobId: z.string().min(1).max(128).optional(),
    }),
    response: z.object({
      /** The name to save under: `NAME.png` for one image, `MODEL_YYYY-MM-DD_N.zip` for several. */
      fileName: z.string(),
      mime: z.enum(['image/png', 'application/zip']),
      bytes,
      /** The PNG names, in the order of `items` (inside the ZIP when there are several). */
      files: z.array(z.string()),
      width: z.number().int(),
      height: z.number().int(),
    }),
  },
} as const;
