import { basename, join, resolve } from 'node:path';
import { exportTrainedModel } from '../../engine/onnx-export/export-trained-model';
import { printResult } from '../output';

/**
 * `latent-studio export-onnx MODEL_DIR --out FILE.onnx|DIR [--json]`: exports a trained-model folder
 * as a standard ONNX generator (a diffusion run's as a diffusers-layout denoiser with its
 * scheduler in the manifest), verified against the tfjs model before it is written. A folder as
 * --out gets "<model folder name>.onnx".
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
    kind: r.kind,
    maxAbsDiff: r.maxAbsDiff,
    latentDim: r.latentDim,
    width: r.width,
    height: r.height,
  };
  const what =
    r.kind === 'diffusion'
      ? `diffusion denoiser, sample + timestep → ${r.width}×${r.height}`
      : `${r.width}×${r.height}, latent ${r.latentDim}`;
  printResult(json, result, () =>
    [
      `Exported ${r.file} (${what}, manifest ${basename(r.manifestPath)})`,
      `verified against the tfjs model: largest difference ${r.maxAbsDiff.toExponential(2)}`,
    ].join('\n'),
  );
}
