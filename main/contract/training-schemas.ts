import { z } from 'zod';

/** The dataset pre-flight report (CLI `scan --json` prints exactly this object). */
export const scanReportSchema = z.object({
  folder: z.string(),
  usable: z.number().int(),
  files: z.array(
    z.object({
      file: z.string(),
      width: z.number().int(),
      height: z.number().int(),
      format: z.string(),
      channels: z.number().int(),
      hasAlpha: z.boolean(),
      grayscale: z.boolean(),
    }),
  ),
  rejected: z.array(z.object({ file: z.string(), reason: z.string() })),
  duplicates: z.array(z.tuple([z.string(), z.string()])),
  warnings: z.array(z.string()),
  formats: z.record(z.string(), z.number().int()),
});
export type ScanReport = z.infer<typeof scanReportSchema>;

export const trainConfigSchema = z.object({
  family: z.enum(['gan', 'vae']),
  size: z.union([z.literal(32), z.literal(64)]),
  channels: z.union([z.literal(1), z.literal(3)]),
  steps: z.number().int().min(1).max(10_000_000),
  batch: z.number().int().min(1).max(1024),
  latentDim: z.number().int().min(2).max(1024),
  learningRate: z.number().positive().max(1),
  loss: z.enum(['nonsaturating', 'hinge']),
  diffAugment: z.boolean(),
  vaeBeta: z.number().min(0).max(100),
  seed: z.number().int().min(0).max(0xffffffff),
  checkpointEvery: z.number().int().min(1),
  previewEvery: z.number().int().min(1),
  keepCheckpoints: z.number().int().min(1).max(100),
  background: z.enum(['white', 'black']),
});
export type TrainConfig = z.infer<typeof trainConfigSchema>;

export const trainStateSchema = z.enum([
  'starting',
  'running',
  'paused',
  'stopping',
  'stopped',
  'finished',
  'failed',
]);
export type TrainState = z.infer<typeof trainStateSchema>;

export const trainProgressSchema = z.object({
  runId: z.string(),
  step: z.number().int(),
  totalSteps: z.number().int(),
  epoch: z.number(),
  losses: z.record(z.string(), z.number()),
  imagesPerSec: z.number(),
  etaSec: z.number(),
  backend: z.string(),
});
export type TrainProgress = z.infer<typeof trainProgressSchema>;

export const trainRunSchema = z.object({
  runId: z.string(),
  folder: z.string(),
  out: z.string(),
  config: trainConfigSchema,
  state: trainStateSchema,
  message: z.string().nullable(),
  lastProgress: trainProgressSchema.nullable(),
  /** Library id of the finished model (ONNX export) once it has joined the library. */
  modelId: z.string().nullable(),
});
export type TrainRun = z.infer<typeof trainRunSchema>;
