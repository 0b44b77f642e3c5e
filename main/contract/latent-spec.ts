import { z } from 'zod';

/**
 * A latent is described declaratively, so the renderer never holds or ships float arrays it does
 * not need, and the engine resolves every description to the exact z that it renders and saves.
 *
 * - seed:     z drawn from the documented PRNG (see main/engine/latent/prng.ts), then truncated.
 * - z:        an explicit latent (base64 of little-endian float32), e.g. restored from a PNG.
 * - mix:      lerp or slerp between two latents at t in [0, 1].
 * - blend:    a weighted combination of several latents (weights are normalised; slerp-aware:
 *             the result is rescaled to the weighted mean norm so blends do not shrink toward 0).
 * - bilinear: four corner latents [top-left, top-right, bottom-left, bottom-right] at (u, v).
 */
export type LatentSpec =
  | { kind: 'seed'; seed: number; truncation?: number | undefined }
  | { kind: 'z'; z: string; truncation?: number | undefined }
  | { kind: 'mix'; method: 'lerp' | 'slerp'; a: LatentSpec; b: LatentSpec; t: number }
  | { kind: 'blend'; items: { latent: LatentSpec; weight: number }[] }
  | { kind: 'bilinear'; corners: LatentSpec[]; u: number; v: number };

const MAX_DEPTH_ITEMS = 64;

export const seedSchema = z.number().int().min(0).max(0xffffffff);
export const truncationSchema = z.number().min(0).max(2);

export const latentSpecSchema: z.ZodType<LatentSpec> = z.lazy(() =>
  z.union([
    z.object({
      kind: z.literal('seed'),
      seed: seedSchema,
      truncation: truncationSchema.optional(),
    }),
    z.object({
      kind: z.literal('z'),
      z: z.base64().max(1 << 20),
      truncation: truncationSchema.optional(),
    }),
    z.object({
      kind: z.literal('mix'),
      method: z.enum(['lerp', 'slerp']),
      a: latentSpecSchema,
      b: latentSpecSchema,
      t: z.number().min(0).max(1),
    }),
    z.object({
      kind: z.literal('blend'),
      items: z
        .array(z.object({ latent: latentSpecSchema, weight: z.number().min(0).finite() }))
        .min(1)
        .max(MAX_DEPTH_ITEMS),
    }),
    z.object({
      kind: z.literal('bilinear'),
      corners: z.array(latentSpecSchema).length(4),
      u: z.number().min(0).max(1),
      v: z.number().min(0).max(1),
    }),
  ]),
);
