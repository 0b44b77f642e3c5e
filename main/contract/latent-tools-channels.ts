import { z } from 'zod';
import { resolvedSamplingSchema, samplingSchema } from './diffusion-schemas';
import { MAX_PATH_FRAMES, pathSegmentSchema } from './keyframe-path';
import { latentSpecSchema, seedSchema } from './latent-spec';
import { lineageSchema } from './project-schemas';
import { bytes, filePath, frameSchema } from './schemas';

/**
 * Latent tools and media exports (issue 12): keyframe paths (preview, video), sprite sheets, PNG
 * batches with naming templates, breeding, directions (PCA, attribute vectors), and image → latent
 * (VAE encode, projection). Documented for the UI in main/engine/projects/README.md.
 */

const modelId = z.string().min(1).max(4096);
const jobId = z.string().min(1).max(128).optional();
const z64 = z.string().max(1 << 20);

/** A keyframe path as the engine renders it: keyframes as latents, timing as in keyframe-path.ts. */
export const pathRequestFields = {
  modelId,
  keyframes: z.array(latentSpecSchema).min(2).max(256),
  segments: z.array(pathSegmentSchema).min(1).max(256),
  loop: z.boolean(),
  fps: z.number().min(1).max(60),
  /** Diffusion models: sampler, steps, eta every frame is rendered with (default: the model's). */
  sampling: samplingSchema.optional(),
};

/** Output size: the model's own size times `scale`, resampled by `filter` (sharp). */
export const sizeFields = {
  scale: z.number().int().min(1).max(8).optional(),
  filter: z.enum(['nearest', 'lanczos']).optional(),
};

/** What to do when an output file is already there: refuse in words (default), or overwrite. */
const overwrite = z.boolean().optional();

/** An image given either as its bytes (drop, paste, browser upload) or as a path (desktop, CLI). */
export const imageInputSchema = z.union([
  z.object({ bytes, name: z.string().max(1024).optional() }),
  z.object({ path: filePath }),
]);

/** One image of a PNG batch (export.batch, export.download): its latent and file name part. */
export const exportItemSchema = z.object({
  latent: latentSpecSchema,
  name: z.string().max(200).optional(),
  /** Stored in the PNG chunk beside the latent and its recipe. */
  lineage: lineageSchema.optional(),
});

const sourceSchema = z.object({ file: z.string(), sha256: z.string() });

export const latentToolsChannels = {
  /** The exact z of any latent spec (flatten deep breeding chains into a plain `z` spec). */
  'latent.resolve': {
    request: z.object({ modelId, latent: latentSpecSchema }),
    response: z.object({
      z: z64,
      seed: z.number().int().nullable(),
      truncation: z.number().nullable(),
    }),
  },
  /**
   * `count` children of the parents; child i is the spec {kind:'breed', seed: seed + i, …}, so the
   * same request always gives the same children. `z` is each child's resolved latent.
   */
  'latent.breed': {
    request: z.object({
      modelId,
      parents: z.array(latentSpecSchema).min(1).max(16),
      operation: z.enum(['crossover', 'blend', 'mutate']),
      strength: z.number().min(0).max(1),
      seed: seedSchema,
      count: z.number().int().min(1).max(64),
      chunks: z.number().int().min(1).max(4096).optional(),
    }),
    response: z.object({ children: z.array(z.object({ latent: latentSpecSchema, z: z64 })) }),
  },
  /** Every frame of a keyframe path at its fps (the preview the renderer plays). */
  'render.path': {
    request: z.object({ ...pathRequestFields, jobId }),
    response: z.object({ frames: z.array(frameSchema), times: z.array(z.number()) }),
  },
  /**
   * A keyframe path as a video or animation: mp4 (H.264) and webm (VP9) through ffmpeg, gif and
   * apng by the app's own encoders. `crf` is the video quality (lower = better; default 20 for
   * H.264, 32 for VP9). Progress as job.progress; job.cancel stops ffmpeg and removes the file.
   */
  'export.video': {
    request: z.object({
      ...pathRequestFields,
      ...sizeFields,
      format: z.enum(['mp4', 'webm', 'gif', 'apng']),
      crf: z.number().int().min(0).max(63).optional(),
      file: filePath.optional(),
      overwrite,
      jobId,
    }),
    response: z.object({
      file: z.string(),
      frames: z.number().int().max(MAX_PATH_FRAMES),
      width: z.number().int(),
      height: z.number().int(),
      /** Diffusion models: the sampling the frames were rendered with (also in an APNG's chunk). */
      sampling: resolvedSamplingSchema.optional(),
    }),
  },
  /**
   * Images in a grid PNG plus a JSON atlas (frame rectangles, latents and, for a diffusion model,
   * the sampling the frames were rendered with) beside it.
   */
  'export.spriteSheet': {
    request: z.object({
      modelId,
      latents: z.array(latentSpecSchema).min(1).max(1024),
      columns: z.number().int().min(1).max(64).optional(),
      ...sizeFields,
      sampling: samplingSchema.optional(),
      file: filePath.optional(),
      overwrite,
      jobId,
    }),
    response: z.object({
      file: z.string(),
      atlas: z.string(),
      columns: z.number().int(),
      rows: z.number().int(),
      sampling: resolvedSamplingSchema.optional(),
    }),
  },
  /**
   * PNGs (each carrying its latent, its recipe and, when given, its lineage) into `dir`, named by `template`: {model}, {seed} (or "z" when
   * the latent has none), {index} (1-based, 4 digits), {name}, {date}. Existing files are refused in
   * words unless `overwrite`.
   */
  'export.batch': {
    request: z.object({
      modelId,
      items: z.array(exportItemSchema).min(1).max(10_000),
      dir: filePath.optional(),
      template: z.string().min(1).max(200).optional(),
      ...sizeFields,
      overwrite,
      /** Diffusion models: sampler, steps, eta (rendered with and recorded in each PNG). */
      sampling: samplingSchema.optional(),
      jobId,
    }),
    response: z.object({ files: z.array(z.string()), dir: z.string() }),
  },
  /**
   * GANSpace-style directions: PCA of the features of `samples` latents drawn from `seed`, mapped
   * back to latent space by least squares. Deterministic given (model, seed, samples, features).
   */
  'directions.pca': {
    request: z.object({
      modelId,
      count: z.number().int().min(1).max(64),
      samples: z.number().int().min(16).max(8192).optional(),
      seed: seedSchema.optional(),
      /** auto: an early activation when the ONNX graph exposes one, else the image features. */
      features: z.enum(['auto', 'activation', 'image']).optional(),
      jobId,
    }),
    response: z.object({
      directions: z.array(
        z.object({
          component: z.number().int(),
          vector: z64,
          explained: z.number(),
          sigma: z.number(),
        }),
      ),
      features: z.string(),
      samples: z.number().int(),
      seed: z.number().int(),
    }),
  },
  /** Attribute vector: mean of set A minus mean of set B (the step for slider amount 1). */
  'directions.attribute': {
    request: z.object({
      modelId,
      setA: z.array(latentSpecSchema).min(1).max(1024),
      setB: z.array(latentSpecSchema).min(1).max(1024),
    }),
    response: z.object({ vector: z64, length: z.number() }),
  },
  /** VAE models: the encoder beside the decoder turns an image into its latent (the mean). */
  'image.encode': {
    request: z.object({ modelId, image: imageInputSchema }),
    response: z.object({ latent: latentSpecSchema, z: z64, logvar: z64, source: sourceSchema }),
  },
  /**
   * Any generator: search for the z whose image is closest to the target (perceptual features +
   * pixels). Progress as job.progress and projection.progress; job.cancel returns the best so far
   * as an error-free result with `cancelled: true`.
   * Diffusion models: DDIM inversion instead (engine/diffusion/inversion.ts): `steps` are DDIM
   * steps (default: the model's), the latent is x_T, `sampling` says how to render it back
   * (DDIM, those steps, eta 0), distance is the pixel distance of that render to the target
   * (no perceptual term), and job.cancel ends it with an error (half an inversion is no x_T).
   */
  'image.project': {
    request: z.object({
      modelId,
      image: imageInputSchema,
      steps: z.number().int().min(1).max(10_000).optional(),
      seed: seedSchema.optional(),
      /** Weight of the pixel term against the perceptual term (default 1). */
      pixelWeight: z.number().min(0).max(100).optional(),
      /** Feature extractor for the perceptual term (default: fashion-mnist for 1-channel models, else inception). */
      extractor: z.string().max(4096).optional(),
      /** Diffusion models: fixed-point refinements per inversion step (default 2; 0 = classic). */
      refinements: z.number().int().min(0).max(20).optional(),
      jobId,
    }),
    response: z.object({
      latent: latentSpecSchema,
      z: z64,
      distance: z.number(),
      pixelDistance: z.number(),
      /** null for DDIM inversion, which has no perceptual term. */
      perceptualDistance: z.number().nullable(),
      /** Diffusion models: the sampling that renders the latent back into the image. */
      sampling: resolvedSamplingSchema.optional(),
      steps: z.number().int(),
      evaluations: z.number().int(),
      optimizer: z.string(),
      cancelled: z.boolean(),
      source: sourceSchema,
      frame: frameSchema,
    }),
  },
} as const;

export const latentToolsEvents = {
  /** A projection's best distance so far (after each generation of the search; null while a
   * DDIM inversion runs, whose distance is known at the end). */
  'projection.progress': z.object({
    jobId: z.string(),
    step: z.number().int(),
    steps: z.number().int(),
    distance: z.number().nullable(),
  }),
} as const;
