import { z } from 'zod';

/**
 * Evaluation requests and reports, shared by the CLI (`eval … --json`), the Evaluate screen and
 * the history store. A source is an image folder, a library model (N samples by seed) or a
 * statistics file: `.npz` (pytorch-fid `--save-stats` format: mean and covariance, FID only) or
 * `.npy` (an N×d feature matrix from the same extractor: every metric but IS).
 */
export const evalSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder'), path: z.string().min(1).max(4096) }),
  z.object({
    kind: z.literal('model'),
    /** A library model id, or a path to a generator (.onnx / tfjs model folder). */
    model: z.string().min(1).max(4096),
    count: z.number().int().min(2).max(100_000).optional(),
    truncation: z.number().min(0).max(4).optional(),
    /** First seed; sample i uses seed + i, so every sample can be re-rendered. */
    seed: z.number().int().min(0).max(0xffffffff).optional(),
  }),
  z.object({ kind: z.literal('stats'), path: z.string().min(1).max(4096) }),
]);
export type EvalSource = z.infer<typeof evalSourceSchema>;

export const evalMetricSchema = z.enum(['fid', 'kid', 'pr', 'is', 'memorization']);
export type EvalMetric = z.infer<typeof evalMetricSchema>;

/**
 * The feature extractors every shell names by id (anything else is a path to an ONNX extractor
 * with its manifest). The first is the default.
 */
export const builtInExtractors = [
  { id: 'inception', label: 'InceptionV3 (default)' },
  { id: 'fashion-mnist', label: 'Fashion-MNIST classifier' },
] as const;
export type BuiltInExtractorId = (typeof builtInExtractors)[number]['id'];

export const evalRequestSchema = z.object({
  metrics: z.array(evalMetricSchema).min(1),
  /** The generated side (a model or a folder of its samples). */
  fake: evalSourceSchema,
  /** The reference (training folder or statistics); not needed for IS alone. */
  real: evalSourceSchema.optional(),
  /** 'inception' (default, nsfwjs InceptionV3), 'fashion-mnist', or a path to an ONNX extractor. */
  extractor: z.string().optional(),
  /** Cap on images taken from each side (default: all of a folder, 2000 model samples). */
  count: z.number().int().min(2).max(100_000).optional(),
});
export type EvalRequest = z.infer<typeof evalRequestSchema>;

const sideSchema = z.object({ label: z.string(), n: z.number().int().nullable() });

export const memorizationPairSchema = z.object({
  /** Index of the generated sample; for model sources its seed is `seed`. */
  sample: z.number().int(),
  seed: z.number().int().nullable(),
  /** Generated image file when the fake side is a folder. */
  sampleFile: z.string().nullable(),
  trainFile: z.string(),
  distance: z.number(),
  flagged: z.boolean(),
});
export type MemorizationPair = z.infer<typeof memorizationPairSchema>;

export const evalResultsSchema = z.object({
  fid: z.object({ value: z.number(), warning: z.string().nullable() }).optional(),
  kid: z
    .object({
      mean: z.number(),
      std: z.number(),
      subsets: z.number().int(),
      subsetSize: z.number().int(),
      /** How the subsets were chosen and what the ± means (reports saved before it have none). */
      subsetRule: z.string().optional(),
    })
    .optional(),
  pr: z
    .object({
      precision: z.number(),
      recall: z.number(),
      density: z.number(),
      coverage: z.number(),
      k: z.number().int(),
    })
    .optional(),
  is: z
    .object({ mean: z.number(), std: z.number(), splits: z.number().int(), classifier: z.string() })
    .optional(),
  memorization: z
    .object({
      /** A sample is flagged when its nearest training image is closer than `threshold`. */
      threshold: z.number(),
      thresholdRule: z.string(),
      flagged: z.number().int(),
      total: z.number().int(),
      /** Why the flags are unreliable (a tiny training set); reports saved before it have none. */
      warning: z.string().nullable().optional(),
      /** Closest pairs first (at most 64). */
      pairs: z.array(memorizationPairSchema),
    })
    .optional(),
});
export type EvalResults = z.infer<typeof evalResultsSchema>;

export const evalReportSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  /** History folder of the evaluated (fake) side: its library id, or a folder/file name + path hash. */
  modelKey: z.string().optional(),
  request: evalRequestSchema,
  extractor: z.object({ id: z.string(), label: z.string(), dim: z.number().int() }),
  fake: sideSchema,
  real: sideSchema.nullable(),
  /** Metric order for display: KID first when the smaller side has fewer than ~2,000 images. */
  order: z.array(evalMetricSchema),
  results: evalResultsSchema,
  warnings: z.array(z.string()),
  durationSec: z.number(),
});
export type EvalReport = z.infer<typeof evalReportSchema>;
