import { z } from 'zod';
import { filePath, frameSchema, modelInfoSchema } from './schemas';
import {
  scanReportSchema,
  trainConfigSchema,
  trainFamilySchema,
  trainMetricsSchema,
  trainProgressSchema,
  trainHistorySchema,
  trainRunSchema,
  trainStateSchema,
} from './training-schemas';

const jobId = z.string().min(1).max(128).optional();

/**
 * Training channels (issue: training on a local folder). Kept in their own file while the training
 * engine is built; channels.ts spreads them into the one contract once their handlers exist.
 */
export const trainingChannels = {
  /** Pre-flight check of a training folder: usable images, rejected files with reasons, duplicates. */
  'dataset.scan': {
    request: z.object({ folder: filePath, jobId }),
    response: scanReportSchema,
  },
  /** Sensible training defaults for a folder (size, batch, steps, DiffAugment), to show and edit. */
  'train.defaults': {
    request: z.object({ folder: filePath, family: trainFamilySchema.optional() }),
    response: z.object({ config: trainConfigSchema, reasons: z.array(z.string()) }),
  },
  'train.start': {
    request: z.object({
      folder: filePath,
      config: trainConfigSchema.partial().optional(),
      out: filePath.optional(),
      resume: z.boolean().optional(),
    }),
    response: z.object({ run: trainRunSchema }),
  },
  'train.control': {
    request: z.object({
      runId: z.string().min(1).max(128),
      action: z.enum(['pause', 'resume', 'cancel']),
    }),
    response: z.object({ run: trainRunSchema }),
  },
  'train.list': {
    request: z.object({}),
    response: z.object({ runs: z.array(trainRunSchema) }),
  },
  /** Adds a run's finished model (or its latest checkpoint) to the library, exported as ONNX. */
  'train.openModel': {
    request: z.object({ runId: z.string().min(1).max(128), checkpoint: z.boolean().optional() }),
    response: z.object({ model: modelInfoSchema }),
  },
  /**
   * The training record of a run (its out folder) or of a library model (the record beside its
   * file, `<name>.training/` beside `<name>.onnx`): losses per step and the train.metrics history.
   */
  'train.history': {
    request: z.union([
      z.object({ runId: z.string().min(1).max(128) }).strict(),
      z.object({ modelId: z.string().min(1).max(4096) }).strict(),
    ]),
    response: trainHistorySchema,
  },
} as const;

export const trainingEvents = {
  'train.progress': trainProgressSchema,
  /** The fixed-seed preview grid of a run, as one RGBA image. */
  'train.preview': z.object({ runId: z.string(), step: z.number().int(), frame: frameSchema }),
  'train.state': z.object({
    runId: z.string(),
    state: trainStateSchema,
    message: z.string().nullable(),
    modelId: z.string().nullable(),
  }),
  /** Live detectors (diversity, memorisation), held-out VAE loss and periodic FID/KID of a run. */
  'train.metrics': trainMetricsSchema.extend({ runId: z.string() }),
} as const;
