import { basename, join, resolve } from 'node:path';
import { exportTrainedModel } from '../../engine/onnx-export/export-trained-model';
import { printResult } from '../output';

/**
 * `latent-studio export-onnx MODEL_DIR --out FILE.onnx|DIR [--json]`: exports a trained-model folder
 * (nets.json + tensors) as a standard ONNX generator (or a PixelCNN / text model with an
 * autoregressive manifest), verified
 * against the tfjs model before it is written. A folder as --out gets "<model folder name>.onnx".
 */
export async function exportOnnxCommand(
  modelDir: string,
  out: string,
  json: boolean,
): Promise<void> {
  const dir = resolve(modelDir);
  const file = /\.onnx$/i.test(out) ? resolve(out) : join(resolve(out), `${basename(dir)}.onnx`);
  const r = await exportTrainedModel(dir, file);
  const result = {
    file: r.file,
    maxAbsDiff: r.maxAbsDiff,
    latentDim: r.latentDim,
    width: r.width,
    height: r.height,
    ...(r.autoregressive && { autoregressive: r.autoregressive }),
  };
  printResult(json, result, () =>
    [
      r.autoregressive === 'text'
        ? `Exported ${r.file} (a text model: tokens in, next-token logits out; manifest ${basename(r.manifestPath)})`
        : `Exported ${r.file} (${r.width}×${r.height}, ${r.autoregressive ? 'autoregressive, latent = sampling noise' : 'latent'} ${r.latentDim}, manifest ${basename(r.manifestPath)})`,
      `verified against the tfjs model: largest difference ${r.maxAbsDiff.toExponential(2)}`,
    ].join('\n'),
  );
}
