import { z } from 'zod';

/**
 * Autoregressive models in the contract (issue 11). Both families have ModelInfo.kind
 * 'autoregressive'; the sub-kind is `modality`: 'image' (a PixelCNN, in the image library, sampled
 * pixel by pixel) or 'text' (a decoder-only transformer, listed by text.models, generating
 * characters). The manifest beside the .onnx says which, with what sampling needs.
 */
export const pixelAutoregressiveSchema = z
  .object({
    modality: z.literal('image'),
    /** Intensity levels per sub-pixel (a 256-way softmax). */
    levels: z.number().int().min(2).max(256),
    channels: z.union([z.literal(1), z.literal(3)]),
    size: z.number().int().min(2).max(1024),
    /** How far an output reads: rows up and columns to each side (the sampler's windows). */
    reach: z.object({ up: z.number().int().min(0), side: z.number().int().min(0) }),
    /** Sampling temperature used when a request names none. */
    temperature: z.number().min(0).max(10).optional(),
  })
  .strict();

export const textAutoregressiveSchema = z
  .object({
    modality: z.literal('text'),
    tokenizer: z.literal('char'),
    /** Token i's character; token 0 is unknown (U+FFFD). */
    vocab: z.array(z.string().max(8)).min(2).max(4096),
    context: z.number().int().min(2).max(8192),
  })
  .strict();

export const autoregressiveManifestSchema = z.discriminatedUnion('modality', [
  pixelAutoregressiveSchema,
  textAutoregressiveSchema,
]);
export type AutoregressiveManifest = z.infer<typeof autoregressiveManifestSchema>;
export type PixelAutoregressive = z.infer<typeof pixelAutoregressiveSchema>;
export type TextAutoregressive = z.infer<typeof textAutoregressiveSchema>;

/** What ModelInfo says of a PixelCNN. */
export const autoregressiveInfoSchema = pixelAutoregressiveSchema.extend({
  temperature: z.number(),
});
export type AutoregressiveInfo = z.infer<typeof autoregressiveInfoSchema>;

export const generationSettingsSchema = z.object({
  maxTokens: z.number().int().min(1).max(4096).optional(),
  temperature: z.number().min(0).max(10).optional(),
  topK: z.number().int().min(0).max(4096).optional(),
  topP: z.number().gt(0).max(1).optional(),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
});
export type GenerationSettings = z.infer<typeof generationSettingsSchema>;

export const textModelInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  source: z.enum(['bundled', 'imported', 'file']),
  sha256: z.string(),
  path: z.string(),
  note: z.string(),
  kind: z.literal('autoregressive'),
  modality: z.literal('text'),
  context: z.number().int(),
  vocabSize: z.number().int(),
});
export type TextModelInfo = z.infer<typeof textModelInfoSchema>;

export const bleuReportSchema = z.object({
  bleu: z.number(),
  precisions: z.array(z.number()),
  brevityPenalty: z.number(),
  hypLen: z.number().int(),
  refLen: z.number().int(),
  /** The settings the score was computed with (shown beside it). */
  tokenize: z.string(),
  smooth: z.string(),
  passages: z.number().int(),
  promptChars: z.number().int(),
  continuationChars: z.number().int(),
  sampling: z.object({
    temperature: z.number(),
    topK: z.number(),
    topP: z.number(),
    seed: z.number(),
  }),
  examples: z.array(z.object({ prompt: z.string(), reference: z.string(), generated: z.string() })),
});
export type BleuReport = z.infer<typeof bleuReportSchema>;
