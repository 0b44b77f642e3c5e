import { z } from 'zod';
import {
  bleuReportSchema,
  generationSettingsSchema,
  textModelInfoSchema,
} from './autoregressive-schemas';
import { filePath } from './schemas';

const modelId = z.string().min(1).max(4096);
const jobId = z.string().min(1).max(128);

/**
 * Text models (issue 11): their own library (a text model makes no pictures, so the image
 * library does not list it), generation streamed token by token as `text.token` events under the
 * request's jobId (`job.cancel` stops it between tokens), held-out bits per character and BLEU of
 * continuations. channels.ts spreads these into the one contract.
 */
export const textChannels = {
  'text.models': {
    request: z.object({}),
    response: z.object({ models: z.array(textModelInfoSchema) }),
  },
  'text.import': {
    request: z.object({ path: filePath, name: z.string().min(1).max(200).optional() }),
    response: z.object({ model: textModelInfoSchema }),
  },
  'text.generate': {
    request: z.object({
      modelId,
      prompt: z.string().max(100_000),
      settings: generationSettingsSchema.optional(),
      jobId: jobId.optional(),
    }),
    response: z.object({
      text: z.string(),
      tokens: z.number().int(),
      /** The settings used (defaults filled in), so a continuation can be reproduced. */
      settings: z.object({
        maxTokens: z.number().int(),
        temperature: z.number(),
        topK: z.number().int(),
        topP: z.number(),
        seed: z.number().int(),
      }),
    }),
  },
  /** Held-out text (a folder of .txt/.md, or one file): bits per character and perplexity. */
  'text.nll': {
    request: z.object({ modelId, source: filePath }),
    response: z.object({
      bitsPerChar: z.number(),
      perplexity: z.number(),
      chars: z.number().int(),
      passages: z.number().int(),
    }),
  },
  /** BLEU of the model's continuations of held-out passages (job.progress per passage). */
  'text.bleu': {
    request: z.object({
      modelId,
      heldout: filePath,
      promptChars: z.number().int().min(1).max(4096).optional(),
      continuationChars: z.number().int().min(1).max(4096).optional(),
      maxPassages: z.number().int().min(1).max(10_000).optional(),
      settings: generationSettingsSchema.omit({ maxTokens: true }).optional(),
      tokenize: z.enum(['13a', 'none']).optional(),
      smooth: z.enum(['exp', 'floor', 'add-k', 'none', 'epsilon']).optional(),
      jobId: jobId.optional(),
    }),
    response: bleuReportSchema,
  },
} as const;

export const textEvents = {
  /** One generated token: its text (one character) and index in the continuation. */
  'text.token': z.object({ jobId: z.string(), index: z.number().int(), text: z.string() }),
} as const;
