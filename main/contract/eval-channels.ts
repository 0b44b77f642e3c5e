import { z } from 'zod';
import { evalReportSchema, evalRequestSchema } from './eval-schemas';
import { bytes, filePath } from './schemas';

const jobId = z.string().min(1).max(128).optional();

/**
 * Evaluation channels (issue: evaluate a model against its training data). channels.ts spreads
 * them into the one contract, like the training channels.
 */
export const evalChannels = {
  /** Runs an evaluation as a job (job.progress events, job.cancel) and saves it to the history. */
  'eval.run': {
    request: evalRequestSchema.extend({ jobId }),
    response: evalReportSchema,
  },
  /**
   * Saved evaluations, newest first; only those of one model when `modelKey` is given (a report's
   * modelKey, a library id, or the absolute path of a folder or model file).
   */
  'eval.history': {
    request: z.object({ modelKey: z.string().min(1).max(4096).optional() }),
    response: z.object({ reports: z.array(evalReportSchema) }),
  },
  /** Writes a saved evaluation as a standalone HTML page or a PNG summary. */
  'eval.exportReport': {
    request: z.object({
      id: z.string().min(1).max(256),
      format: z.enum(['html', 'png']),
      path: filePath,
    }),
    response: z.object({ path: z.string() }),
  },
  /** A small RGBA thumbnail of an image file (the nearest-neighbour gallery), fitted inside size². */
  'eval.thumbnail': {
    request: z.object({ path: filePath, size: z.number().int().min(8).max(512) }),
    response: z.object({
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      rgba: bytes,
    }),
  },
} as const;
