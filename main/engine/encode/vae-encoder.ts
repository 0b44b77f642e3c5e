import { existsSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { z } from 'zod';
import { StudioError, type ModelInfo } from '../../contract/channels';
import { readJsonFile } from '../io/atomic-write';
import { imageToTensor } from './image-input';
import type { RgbaImage } from '../image/png';

/**
 * The VAE encoder convention (README.md here): `<model>.encoder.onnx` beside `<model>.onnx`, input
 * `image` [N,C,H,W] in the decoder's output range, outputs `mean` [N,d] and `logvar` [N,d], and an
 * optional sidecar `<model>.encoder.json` overriding names, layout, size and range.
 */
export function encoderPathFor(modelPath: string): string | null {
  return /\.onnx$/i.test(modelPath) ? modelPath.replace(/\.onnx$/i, '.encoder.onnx') : null;
}

export function hasEncoder(modelPath: string): boolean {
  const path = encoderPathFor(modelPath);
  return path !== null && existsSync(path);
}

const sidecarSchema = z.object({
  input: z.string().optional(),
  layout: z.enum(['NCHW', 'NHWC']).optional(),
  channels: z.union([z.literal(1), z.literal(3)]).optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  range: z.tuple([z.number(), z.number()]).optional(),
  mean: z.string().optional(),
  logvar: z.string().optional(),
});

export interface EncodedLatent {
  mean: Float32Array;
  logvar: Float32Array;
}

/** Runs the encoder on one image already at the model's size. */
export async function encodeImage(model: ModelInfo, image: RgbaImage): Promise<EncodedLatent> {
  const path = encoderPathFor(model.path);
  if (!path || !existsSync(path))
    throw new StudioError(
      'NOT_FOUND',
      `"${model.name}" has no encoder: image → latent for a VAE needs ${path ?? '<model>.encoder.onnx'} beside the model (an app-trained VAE exports it). For other models use projection.`,
    );
  const side = await readJsonFile(path.replace(/\.onnx$/i, '.json'), sidecarSchema, {});
  const session = await ort.InferenceSession.create(path, { executionProviders: ['cpu'] }).catch(
    (err: Error) => {
      throw new StudioError(
        'MODEL_REJECTED',
        `The encoder ${path} cannot be run: ${err.message.split('\n')[0]}`,
      );
    },
  );
  try {
    const width = side.width ?? model.props.width;
    const height = side.height ?? model.props.height;
    if (width !== image.width || height !== image.height)
      throw new StudioError(
        'MODEL_REJECTED',
        `The encoder takes ${width}×${height} images but the model makes ${image.width}×${image.height}.`,
      );
    const channels = side.channels ?? model.props.channels;
    const layout = side.layout ?? 'NCHW';
    const input = side.input ?? session.inputNames[0]!;
    const dims = layout === 'NCHW' ? [1, channels, height, width] : [1, height, width, channels];
    const tensor = new ort.Tensor(
      'float32',
      imageToTensor(image, channels, side.range ?? model.props.range, layout),
      dims,
    );
    const meanName =
      side.mean ?? (session.outputNames.includes('mean') ? 'mean' : session.outputNames[0]!);
    const logvarName =
      side.logvar ?? (session.outputNames.includes('logvar') ? 'logvar' : session.outputNames[1]);
    const result = await session.run({ [input]: tensor });
    const mean = Float32Array.from(result[meanName]!.data as Float32Array);
    const logvar =
      logvarName && result[logvarName]
        ? Float32Array.from(result[logvarName].data as Float32Array)
        : new Float32Array(mean.length);
    if (mean.length !== model.props.latentDim)
      throw new StudioError(
        'MODEL_REJECTED',
        `The encoder gives ${mean.length} values but the decoder takes ${model.props.latentDim}: they are not a pair.`,
      );
    return { mean, logvar };
  } finally {
    await session.release();
  }
}
