/**
 * The whole "export my trained model" job behind the CLI (and later the app): read a trained-model
 * folder (generator-spec.json + generator-weights.{bin,json}), export ONNX, prove it against the
 * TRAINER's own tfjs forward pass (training/spec-forward.ts, inference mode) — not a re-implementation
 * — and only then write the .onnx and its manifest. A mismatch leaves no file behind.
 */
import { basename } from 'node:path';
import { tfjsRuntime } from '../models/tfjs-backend';
import type { GeneratorSpec, GeneratorWeights } from '../nets/generator-spec';
import { disposeParams, generatorForward, weightsToParams } from '../training/spec-forward';
import { exportGeneratorOnnxFile } from './export-generator';
import { readGeneratorSpecFile } from '../nets/spec-file';
import { verifyOnnxExport, type TfjsForward } from './verify-export';
import { readGeneratorWeightsFile } from '../nets/weights-file';

export interface TrainedExportResult {
  file: string;
  manifestPath: string;
  maxAbsDiff: number;
  latentDim: number;
  width: number;
  height: number;
}

/** Seed of the verification latents: fixed, so a reported difference can be reproduced. */
export const VERIFY_SEED = 20240611;

/** The trainer's inference forward pass over plain weights; call with the runtime already loaded. */
export async function trainerForward(
  spec: GeneratorSpec,
  weights: GeneratorWeights,
): Promise<TfjsForward> {
  const { tf } = await tfjsRuntime();
  return async (z, n) => {
    const params = weightsToParams(tf, spec, weights, 'export');
    try {
      const input = tf.tensor2d(z, [n, spec.latentDim]);
      const out = generatorForward(tf, spec, params, input, 'infer');
      input.dispose();
      const data = Float32Array.from(await out.data());
      out.dispose();
      return data;
    } finally {
      disposeParams(params);
    }
  };
}

export async function exportTrainedModel(
  modelDir: string,
  file: string,
  modelName = basename(file).replace(/\.onnx$/i, ''),
): Promise<TrainedExportResult> {
  const spec = await readGeneratorSpecFile(modelDir);
  const weights = await readGeneratorWeightsFile(modelDir);
  const forward = await trainerForward(spec, weights);
  let maxAbsDiff = Number.NaN;
  const { manifestPath } = await exportGeneratorOnnxFile(file, spec, weights, {
    modelName,
    check: async (bytes) => {
      ({ maxAbsDiff } = await verifyOnnxExport(bytes, forward, spec, {
        samples: 4,
        seed: VERIFY_SEED,
      }));
    },
  });
  const { latentDim, output } = spec;
  return { file, manifestPath, maxAbsDiff, latentDim, width: output.width, height: output.height };
}
