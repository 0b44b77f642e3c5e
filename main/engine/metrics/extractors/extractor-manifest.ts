import { readFile } from 'node:fs/promises';
import { StudioError } from '../../../contract/channels';
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
  classifier: z
    .object({ output: z.string(), softmax: z.boolean(), classes: z.number().int().min(2) })
    .optional(),
  /** Largest batch to run at once (memory bound). */
  maxBatch: z.number().int().min(1).max(1024).default(32),
});
export type ExtractorManifest = z.infer<typeof extractorManifestSchema>;

/** The sidecar of `x.onnx`: `x.json` in the same folder. */
export function manifestPathFor(onnxPath: string): string {
  return onnxPath.replace(/\.onnx$/i, '') + '.json';
}

/** Parses manifest JSON text; errors name `file` and the first wrong field. */
export function parseExtractorManifest(text: string, file: string): ExtractorManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new StudioError('BAD_FILE', `${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = extractorManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : '';
    throw new StudioError('BAD_FILE', `${file} is not a feature-extractor manifest (${where})`);
  }
  const m = parsed.data;
  for (const key of ['mean', 'std'] as const) {
    const values = m.input[key];
    if (values !== undefined && values.length !== m.input.channels)
      throw new StudioError(
        'BAD_FILE',
        `${file}: input.${key} has ${values.length} values but input.channels is ${m.input.channels}`,
      );
  }
  if (m.input.std?.some((s) => s === 0))
    throw new StudioError('BAD_FILE', `${file}: input.std must not contain 0`);
  if (m.input.range[0] === m.input.range[1])
    throw new StudioError('BAD_FILE', `${file}: input.range must span an interval`);
  return m;
}

export async function readExtractorManifest(file: string): Promise<ExtractorManifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'does not exist (a feature extractor needs its sidecar manifest beside the .onnx file)'
        : `cannot be read: ${(err as Error).message}`;
    throw new StudioError('BAD_FILE', `${file} ${reason}`);
  }
  return parseExtractorManifest(text, file);
}
