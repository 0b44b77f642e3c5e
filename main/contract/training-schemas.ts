import { z } from 'zod';
import { bytes } from './schemas';

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

/** gan | vae | diffusion make images (from a latent or from noise); pixelcnn (images) and text are autoregressive. */
export const TRAIN_FAMILIES = ['gan', 'vae', 'diffusion', 'pixelcnn', 'text'] as const;
export type TrainFamily = (typeof TRAIN_FAMILIES)[number];
export const trainFamilySchema = z.enum(TRAIN_FAMILIES);

export const trainConfigSchema = z.object({
  family: trainFamilySchema,
  /** 28 is for PixelCNNs on 28 px data (MNIST-like); text runs ignore it. */
  size: z.union([z.literal(28), z.literal(32), z.literal(64)]),
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
  /** FID/KID against the training folder every N steps (default 500; 0 = off). */
  evalEvery: z.number().int().min(0).optional(),
  /** Generated samples per FID/KID point (default 500). */
  evalSamples: z.number().int().min(10).max(50_000).optional(),
  /** Feature extractor of the live detectors and FID/KID: 'inception' (default) or a .onnx path. */
  extractor: z.string().min(1).max(4096).optional(),
  /**
   * Base width of the networks: channels of the widest-resolution layer (GAN, VAE, a diffusion
   * U-Net), PixelCNN filters, transformer width; default by family and folder.
   */
  width: z.number().int().min(2).max(1024).optional(),
  /** Training runtime: onnxruntime ('ort', the default where the step compiles) or tfjs. */
  runtime: z.enum(['auto', 'ort', 'tfjs']).optional(),
  /** Diffusion: what the denoiser predicts, the noise ('epsilon', default) or v ('v_prediction'). */
  prediction: z.enum(['epsilon', 'v_prediction']).optional(),
  /** Diffusion: the noise schedule over 1000 steps, DDPM's 'linear' (default) or 'cosine'. */
  noiseSchedule: z.enum(['linear', 'cosine']).optional(),
  /** PixelCNN gated blocks or transformer blocks (autoregressive families). */
  layers: z.number().int().min(1).max(48).optional(),
  /** Attention heads (text). */
  heads: z.number().int().min(1).max(64).optional(),
  /** Tokens the text model reads at once (text). */
  context: z.number().int().min(8).max(2048).optional(),
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
  /**
   * What the run said in words as it went, oldest first (at most 50): how a resume began and which
   * checkpoints it skipped, the held-out split, skipped FID/KID points.
   */
  notices: z.array(z.string()).optional(),
});
export type TrainRun = z.infer<typeof trainRunSchema>;

/** One generated sample beside its nearest training image (features of the run's extractor). */
export const memorizationPairSchema = z.object({
  sample: z.number().int(),
  file: z.string(),
  distance: z.number(),
  flagged: z.boolean(),
  /** Small RGBA thumbnails of the sample and of the training image, thumb × thumb pixels. */
  sampleRgba: bytes,
  trainRgba: bytes,
  thumb: z.number().int().positive(),
});

/**
 * Live detector and evaluation results of a run (train.metrics). Every part is optional: a
 * preview brings diversity and memorisation, a VAE preview the held-out loss, every evalEvery
 * steps FID/KID. `status` says in words why detectors are off (e.g. the extractor did not open).
 */
export const trainMetricsSchema = z.object({
  step: z.number().int(),
  extractor: z.string().nullable(),
  status: z.string().optional(),
  collapse: z
    .object({
      diversity: z.number(),
      nearDupShare: z.number(),
      peak: z.number().nullable(),
      reference: z.number(),
      alarm: z.string().nullable(),
    })
    .optional(),
  memorization: z
    .object({
      threshold: z.number(),
      flaggedShare: z.number(),
      alarm: z.string().nullable(),
      /** Why the flags are unreliable (a tiny reference set); logs written before it have none. */
      warning: z.string().nullable().optional(),
      pairs: z.array(memorizationPairSchema),
    })
    .optional(),
  recon: z
    .object({ heldOut: z.number(), train: z.number(), heldOutCount: z.number().int() })
    .optional(),
  /**
   * Autoregressive families: negative log-likelihood on the held-out split and on as much
   * training data, in bits per dimension (images) or bits per character (text).
   */
  nll: z
    .object({
      heldOut: z.number(),
      train: z.number(),
      unit: z.enum(['bits/dim', 'bits/char']),
      count: z.number().int(),
    })
    .optional(),
  eval: z
    .object({
      fid: z.number(),
      kid: z.object({ mean: z.number(), std: z.number() }),
      n: z.number().int(),
      nReal: z.number().int(),
    })
    .optional(),
});
export type TrainMetrics = z.infer<typeof trainMetricsSchema>;

/** One step of a run's loss log, as train.history returns it. */
export const historyStepSchema = z.object({
  step: z.number().int(),
  epoch: z.number(),
  losses: z.record(z.string(), z.number()),
});
export type HistoryStep = z.infer<typeof historyStepSchema>;

/**
 * A run's or a model's training record (train.history): its loss log (at most 2000 evenly spaced
 * steps, always including the last) and its train.metrics entries without thumbnails.
 */
export const trainHistorySchema = z.object({
  /** The folder the record was read from. */
  source: z.string(),
  /** The run's settings, when the record has them. */
  config: trainConfigSchema.nullable(),
  steps: z.array(historyStepSchema),
  /** Logged steps before downsampling. */
  stepCount: z.number().int(),
  metrics: z.array(trainMetricsSchema),
});
export type TrainHistory = z.infer<typeof trainHistorySchema>;
