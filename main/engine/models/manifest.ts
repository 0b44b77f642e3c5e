import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../contract/channels';
import { autoregressiveManifestSchema } from '../../contract/autoregressive-schemas';
import { samplingSchema } from '../../contract/diffusion-schemas';
import { schedulerManifestSchema } from '../diffusion/scheduler-config';
import { firstLine } from './errors';

/**
 * Optional sidecar that fixes what detection cannot know or gets wrong (a symbolic latent size, an
 * ambiguous layout, a custom value range) and gives the model a name and a note. Strict: an unknown
 * key is almost always a typo ("widht"), and silently ignoring it would leave the user puzzled.
 *
 *   models/foo.onnx          -> models/foo.json
 *   models/gan/model.json    -> models/gan/latent-studio.json   (tfjs: model.json is taken)
 *
 * Diffusion denoisers add `kind: "diffusion"`, `scheduler` (the fields of a diffusers
 * scheduler_config.json, see diffusion/scheduler-config.ts) and optional `sampling` defaults.
 */
export const manifestSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    note: z.string().max(4000).optional(),
    latentDim: z.number().int().positive().max(1_000_000).optional(),
    batch: z.union([z.literal('dynamic'), z.number().int().positive()]).optional(),
    layout: z.enum(['NCHW', 'NHWC', 'flat']).optional(),
    channels: z.union([z.literal(1), z.literal(3)]).optional(),
    width: z.number().int().positive().max(16384).optional(),
    height: z.number().int().positive().max(16384).optional(),
    range: z
      .tuple([z.number(), z.number()])
      .refine(([lo, hi]) => lo < hi, 'range must be [low, high] with low < high')
      .optional(),
    kind: z.enum(['generator', 'diffusion', 'autoregressive']).optional(),
    /** kind "autoregressive": a PixelCNN (modality image) or a text model (modality text). */
    autoregressive: autoregressiveManifestSchema.optional(),
    scheduler: schedulerManifestSchema.optional(),
    sampling: samplingSchema.optional(),
  })
  .strict();
export type Manifest = z.infer<typeof manifestSchema>;

export const TFJS_MANIFEST = 'latent-studio.json';

/** Where the sidecar for a model lives; `modelFile` is the .onnx file or the tfjs model.json. */
export function manifestPathFor(modelFile: string, format: 'onnx' | 'tfjs'): string {
  if (format === 'tfjs') return join(dirname(modelFile), TFJS_MANIFEST);
  return join(dirname(modelFile), `${basename(modelFile).replace(/\.onnx$/i, '')}.json`);
}

/** null when there is no manifest; a BAD_FILE StudioError naming the manifest when it is invalid. */
export async function readManifest(path: string): Promise<Manifest | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StudioError(
      'BAD_FILE',
      `model manifest "${basename(path)}" cannot be read: ${firstLine(err)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new StudioError(
      'BAD_FILE',
      `model manifest "${basename(path)}" is not valid JSON: ${firstLine(err)}`,
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) =>
      i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message,
    );
    throw new StudioError(
      'BAD_FILE',
      `model manifest "${basename(path)}" is invalid: ${issues.join('; ')}`,
    );
  }
  return parsed.data;
}
