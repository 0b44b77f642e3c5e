import { z } from 'zod';

/**
 * Sidecar manifest of an ONNX feature extractor: `<name>.json` beside `<name>.onnx`. It says how
 * images enter the network (size, layout, channels, value range) and which outputs are the
 * features and, optionally, the class logits or probabilities (for Inception Score).
 *
 * Pixel values v in 0..255 map to v/255 * (range[1] - range[0]) + range[0], then per channel
 * (x - mean[c]) / std[c] when mean/std are given. Resizing is always `bilinear` (half-pixel
 * centres, no antialias: PyTorch `F.interpolate(mode='bilinear', align_corners=False)`, the
 * pytorch-fid method), so the same image gives the same features in every shell.
 */
export const extractorManifestSchema = z.object({
  kind: z.literal('feature-extractor'),
  name: z.string().min(1),
  /** One line for reports, e.g. which weights and which layer. */
  description: z.string().optional(),
  input: z.object({
    name: z.string().optional(),
    width: z.number().int().min(8).max(1024),
    height: z.number().int().min(8).max(1024),
    layout: z.enum(['NCHW', 'NHWC']),
    channels: z.union([z.literal(1), z.literal(3)]),
    range: z.tuple([z.number(), z.number()]),
    mean: z.array(z.number()).optional(),
    std: z.array(z.number()).optional(),
  }),
  resize: z.literal('bilinear').default('bilinear'),
  /** Output holding N×d features (flattened when it has more dims). */
  features: z.string(),
  /** Optional classifier output, N×classes; `softmax: false` means logits. */
  classifier: z.object({ output: z.string(), softmax: z.boolean(), classes: z.number().int().min(2) }).optional(),
  /** Largest batch to run at once (memory bound). */
  maxBatch: z.number().int().min(1).max(1024).default(32),
});
export type ExtractorManifest = z.infer<typeof extractorManifestSchema>;
