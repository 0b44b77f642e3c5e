import { z } from 'zod';
import { latentSpecSchema } from './latent-spec';
import { lineageSchema } from './project-schemas';
import { diffusionInfoSchema, modelKindSchema, resolvedSamplingSchema } from './diffusion-schemas';

/** Schemas shared by several channels (models, frames, PNG metadata). */

export const bytes = z.custom<Uint8Array>(
  (v) => v instanceof Uint8Array,
  'expected binary bytes (Uint8Array)',
);
export const filePath = z.string().min(1).max(4096);

export const modelPropertiesSchema = z.object({
  format: z.enum(['onnx', 'tfjs']),
  latentShape: z.array(z.number().int()),
  latentDim: z.number().int().positive(),
  batch: z.union([z.literal('dynamic'), z.number().int().positive()]),
  layout: z.enum(['NCHW', 'NHWC', 'flat']),
  channels: z.union([z.literal(1), z.literal(3)]),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  range: z.tuple([z.number(), z.number()]),
  /** 'convention': a diffusion model's [-1, 1] (diffusers' image range), no manifest saying otherwise. */
  rangeSource: z.enum(['activation', 'probe', 'manifest', 'convention']),
  warnings: z.array(z.string()),
});
export type ModelProperties = z.infer<typeof modelPropertiesSchema>;

export const modelInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** bundled with the app, imported into the data folder, or opened from a path (CLI). */
  source: z.enum(['bundled', 'imported', 'file']),
  sha256: z.string(),
  path: z.string(),
  /** What the model is and where it came from, in words (e.g. "placeholder made by a script"). */
  note: z.string(),
  /** generator: one latent vector in, an image out. diffusion: a denoiser sampled step by step. */
  kind: modelKindSchema,
  props: modelPropertiesSchema,
  /** A VAE encoder `<model>.encoder.onnx` sits beside the model (image.encode works). */
  hasEncoder: z.boolean().optional(),
  /** Diffusion models only: the scheduler and inputs sampling uses. */
  diffusion: diffusionInfoSchema.optional(),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

export const frameSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  rgba: bytes,
  /** Seed when the latent was a plain seed, so the UI can label and reroll it. */
  seed: z.number().int().nullable(),
});
export type Frame = z.infer<typeof frameSchema>;

export const pngMetadataSchema = z.object({
  app: z.string(),
  appVersion: z.string(),
  modelName: z.string(),
  modelSha256: z.string(),
  seed: z.number().int().nullable(),
  truncation: z.number().nullable(),
  latentDim: z.number().int(),
  z: z.string(),
  /** The recipe that made the image (blend, breeding, directions …), when it was not a plain seed. */
  recipe: latentSpecSchema.optional(),
  /** Where the image came from in its project (image ids), as the project records it. */
  lineage: lineageSchema.optional(),
  /** Diffusion models only: with z (= x_T) these restore the exact image. */
  sampling: resolvedSamplingSchema.optional(),
});
export type PngMetadata = z.infer<typeof pngMetadataSchema>;
