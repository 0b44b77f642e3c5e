/**
 * Exports a trained generator (GeneratorSpec + GeneratorWeights) as a standard ONNX model:
 * input "z" [N, latentDim] float, output "image" NCHW [N, c, h, w] float, dynamic batch "N".
 * The graph uses only opset-13 core ops (Gemm, Conv, BatchNormalization, Reshape, Transpose,
 * DepthToSpace, Relu, LeakyRelu, Tanh, Sigmoid), so onnxruntime and other tools can run it.
 *
 * A spec ending in tanh/sigmoid ends the graph with that very node producing "image": the studio's
 * loader reads the value range from it, and other tools recognise it too. Any other ending gets
 * the range written into the sidecar manifest instead, so the app never has to guess.
 */
import { StudioError } from '../../contract/channels';
import { writeFileAtomic } from '../io/atomic-write';
import { manifestPathFor, manifestSchema, type Manifest } from '../models/manifest';
import type { GeneratorSpec, GeneratorWeights } from '../nets/generator-spec';
import { planExport } from './export-plan';
import { encodeOnnxModel } from '../onnx/onnx-proto-writer';
import { stepsToOnnx } from './steps-to-onnx';

export interface ExportOptions {
  modelName: string;
  docString?: string;
}

const ACTIVATION_RANGE: Record<string, [number, number]> = { tanh: [-1, 1], sigmoid: [0, 1] };

/** The range the final activation implies, or null; throws when spec.output.range contradicts it. */
function finalActivationRange(spec: GeneratorSpec): [number, number] | null {
  const range = ACTIVATION_RANGE[spec.layers[spec.layers.length - 1]?.kind ?? ''] ?? null;
  const [lo, hi] = spec.output.range;
  if (range !== null && (range[0] !== lo || range[1] !== hi))
    throw new StudioError(
      'BAD_REQUEST',
      `the generator spec ends in an activation with range [${range.join(', ')}] but says its output range is [${lo}, ${hi}]`,
    );
  return range;
}

export function exportGeneratorOnnx(
  spec: GeneratorSpec,
  weights: GeneratorWeights,
  options: ExportOptions,
): Uint8Array {
  finalActivationRange(spec);
  const { nodes, initializers } = stepsToOnnx(planExport(spec, weights));
  const { height, width, channels } = spec.output;
  return encodeOnnxModel({
    graphName: options.modelName,
    ...(options.docString !== undefined && { docString: options.docString }),
    nodes,
    initializers,
    inputs: [{ name: 'z', dims: ['N', spec.latentDim] }],
    outputs: [{ name: 'image', dims: ['N', channels, height, width] }],
  });
}

export interface ExportFileOptions extends ExportOptions {
  /** Runs on the bytes before anything is written (e.g. verifyOnnxExport); a throw writes nothing. */
  check?: (bytes: Uint8Array) => Promise<unknown>;
}

/** Writes `path` (.onnx) and its sidecar manifest, both atomically; returns the ONNX bytes too. */
export async function exportGeneratorOnnxFile(
  path: string,
  spec: GeneratorSpec,
  weights: GeneratorWeights,
  options: ExportFileOptions,
): Promise<{ bytes: Uint8Array; manifestPath: string }> {
  if (!/\.onnx$/i.test(path))
    throw new StudioError('BAD_REQUEST', `the export file must end in .onnx, not "${path}"`);
  const parsed = manifestSchema.safeParse({
    name: options.modelName,
    note:
      options.docString ??
      `Trained in Latent Studio: ${spec.output.width}x${spec.output.height}, latent ${spec.latentDim}.`,
    ...(finalActivationRange(spec) === null && { range: spec.output.range }),
  });
  if (!parsed.success)
    throw new StudioError(
      'BAD_REQUEST',
      `cannot write the model manifest: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const manifest: Manifest = parsed.data;
  const manifestPath = manifestPathFor(path, 'onnx');
  const bytes = exportGeneratorOnnx(spec, weights, options);
  await options.check?.(bytes);
  await writeFileAtomic(path, bytes);
  await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { bytes, manifestPath };
}
