import { z } from 'zod';
import { pathSegmentSchema, type PathSegment } from './keyframe-path';

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
 * - arithmetic: a − b + c ("glasses" = man-with-glasses − man + woman). With `renormalize`
 *             (default true) the result is rescaled to the mean length of a, b and c, because the
 *             raw sum of three independent normals is √3 too long for the generator.
 * - direction: base + Σ amount·vector, one move per named direction (GANSpace sliders, attribute
 *             vectors). A direction's vector is the step for amount 1 (PCA: one standard deviation).
 * - breed:    a child of one or more parents, deterministic given `seed` (see
 *             main/engine/latent/breed.ts): crossover of `chunks` contiguous chunks, a random
 *             convex blend, or plain mutation; then mutation with `strength` ∈ [0, 1]
 *             (z' = √(1 − s²)·z + s·ε keeps a normal latent normal).
 * - path:     the point at `time` seconds on a keyframe path (main/contract/keyframe-path.ts).
 */
export type LatentSpec =
  | { kind: 'seed'; seed: number; truncation?: number | undefined }
  | { kind: 'z'; z: string; truncation?: number | undefined }
  | { kind: 'mix'; method: 'lerp' | 'slerp'; a: LatentSpec; b: LatentSpec; t: number }
  | { kind: 'blend'; items: { latent: LatentSpec; weight: number }[] }
  | { kind: 'bilinear'; corners: LatentSpec[]; u: number; v: number }
  | {
      kind: 'arithmetic';
      a: LatentSpec;
      b: LatentSpec;
      c: LatentSpec;
      renormalize?: boolean | undefined;
    }
  | { kind: 'direction'; base: LatentSpec; moves: DirectionMove[] }
  | {
      kind: 'breed';
      parents: LatentSpec[];
      operation: BreedOperation;
      seed: number;
      strength: number;
      chunks?: number | undefined;
    }
  | { kind: 'path'; keyframes: LatentSpec[]; segments: PathSegment[]; loop: boolean; time: number };

export type BreedOperation = 'crossover' | 'blend' | 'mutate';
/** One slider of a direction: `vector` is base64 float32 (the step for amount 1). */
export interface DirectionMove {
  vector: string;
  amount: number;
  /** The direction's id in the project, so lineage can name it; ignored by the resolver. */
  directionId?: string | undefined;
}

const MAX_DEPTH_ITEMS = 64;
const base64Latent = z.base64().max(1 << 20);

export const seedSchema = z.number().int().min(0).max(0xffffffff);
export const truncationSchema = z.number().min(0).max(2);

/**
 * The truncation a new project and the Explore panel start with: none (ψ = 1). Scaling z toward 0
 * moves it off the shell of norm ≈ √d where every training latent lay, and the bundled models
 * sample worse there, not better: at ψ = 0.7 the emoji GAN's FID rose from 1.82 to 2.68 and its
 * precision halved (500 samples, inception), and the Fashion-MNIST VAE's FID rose from 83 to 152
 * (1,000 samples, fashion-mnist extractor). Lower it per project where a model benefits.
 */
export const DEFAULT_TRUNCATION = 1;

export const latentSpecSchema: z.ZodType<LatentSpec> = z.lazy(() =>
  z.union([
    z.object({
      kind: z.literal('seed'),
      seed: seedSchema,
      truncation: truncationSchema.optional(),
    }),
    z.object({
      kind: z.literal('z'),
      z: base64Latent,
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
    z.object({
      kind: z.literal('arithmetic'),
      a: latentSpecSchema,
      b: latentSpecSchema,
      c: latentSpecSchema,
      renormalize: z.boolean().optional(),
    }),
    z.object({
      kind: z.literal('direction'),
      base: latentSpecSchema,
      moves: z
        .array(
          z.object({
            vector: base64Latent,
            amount: z.number().min(-100).max(100),
            directionId: z.string().max(128).optional(),
          }),
        )
        .max(MAX_DEPTH_ITEMS),
    }),
    z.object({
      kind: z.literal('breed'),
      parents: z.array(latentSpecSchema).min(1).max(16),
      operation: z.enum(['crossover', 'blend', 'mutate']),
      seed: seedSchema,
      strength: z.number().min(0).max(1),
      chunks: z.number().int().min(1).max(4096).optional(),
    }),
    z.object({
      kind: z.literal('path'),
      keyframes: z.array(latentSpecSchema).min(2).max(MAX_DEPTH_ITEMS),
      segments: z.array(pathSegmentSchema).min(1).max(MAX_DEPTH_ITEMS),
      loop: z.boolean(),
      time: z.number().min(0).max(36_000),
    }),
  ]),
);
