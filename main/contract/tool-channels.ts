import { z } from 'zod';
import { inferenceProviderSchema } from './inference-provider-schema';
import { diffusionInfoSchema, modelKindSchema } from './diffusion-schemas';
import { evalSourceSchema } from './eval-schemas';
import { filePath, modelPropertiesSchema } from './schemas';

const jobId = z.string().min(1).max(128).optional();

/**
 * Requests the CLI makes besides the app's own (inspect, export-onnx, eval stats, eval bleu): they
 * go through the one dispatch gate like every other request, so every shell could offer them.
 */
export const toolChannels = {
  /** What a generator file is (layout, size, latent, range), without adding it to the library. */
  'models.inspect': {
    request: z.object({ path: filePath }),
    response: z.object({
      kind: modelKindSchema,
      props: modelPropertiesSchema,
      runtime: z.string(),
      /** The execution provider inference runs on in this process, and why not CUDA. */
      provider: inferenceProviderSchema.optional(),
      /** Diffusion models only: the scheduler and inputs sampling uses. */
      diffusion: diffusionInfoSchema.optional(),
    }),
  },
  /**
   * A trained-model folder (or a finished run's folder: its `model/`) exported as a standard
   * ONNX generator, verified against the tfjs model before it is written. Never overwrites.
   */
  'models.exportOnnx': {
    request: z.object({
      modelDir: filePath,
      out: filePath,
      /**
       * Replace the .onnx (and its .json manifest, and a VAE's .encoder.onnx) if they exist;
       * otherwise they are refused.
       */
      overwrite: z.boolean().optional(),
    }),
    response: z.object({
      file: z.string(),
      manifestPath: z.string(),
      maxAbsDiff: z.number(),
      /** A generator (z → image) or a diffusion denoiser (sample + timestep → out_sample). */
      kind: z.enum(['generator', 'diffusion']),
      latentDim: z.number().int(),
      width: z.number().int(),
      height: z.number().int(),
      /** A VAE's encoder, written beside the model as <name>.encoder.onnx; null for a GAN. */
      encoderFile: z.string().nullable(),
      /** Autoregressive models: what they generate (pixels of a PixelCNN, or text). */
      autoregressive: z.enum(['image', 'text']).optional(),
    }),
  },
  /** Mean and covariance of a source in pytorch-fid's `--save-stats` layout (.npz). */
  'eval.stats': {
    request: z.object({
      source: evalSourceSchema,
      out: filePath,
      extractor: z.string().min(1).max(4096).optional(),
      count: z.number().int().min(2).max(100_000).optional(),
      /** Replace `out` if it exists; otherwise an existing file is refused. */
      overwrite: z.boolean().optional(),
      jobId,
    }),
    response: z.object({
      out: z.string(),
      n: z.number().int().nullable(),
      dim: z.number().int(),
      extractor: z.string(),
      extractorLabel: z.string(),
      source: z.string(),
      warnings: z.array(z.string()),
    }),
  },
  /** Corpus BLEU (0–1) of a hypothesis file against parallel reference files, one sentence a line. */
  'eval.bleu': {
    request: z.object({
      hyp: filePath,
      refs: z.array(filePath).min(1).max(64),
      smooth: z.enum(['exp', 'floor', 'add-k', 'none', 'epsilon']).optional(),
      tokenize: z.enum(['13a', 'none']).optional(),
    }),
    response: z.object({
      bleu: z.number(),
      precisions: z.array(z.number()),
      brevityPenalty: z.number(),
      hypLen: z.number().int(),
      refLen: z.number().int(),
    }),
  },
} as const;
