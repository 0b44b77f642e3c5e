import { basename } from 'node:path';
import { openCliContext } from '../cli-context';
import { printResult } from '../output';

/**
 * `latent-studio export-onnx MODEL_DIR|RUN_DIR --out FILE.onnx|DIR [--json]`: a `models.exportOnnx`
 * request. Exports a trained-model folder (nets.json + tensors), or a finished run's model/, as a
 * standard ONNX generator (a diffusion run's as a diffusers-layout denoiser with its scheduler in
 * the manifest; a PixelCNN or text model with an autoregressive manifest), verified against the
 * tfjs model before it is written. A folder as --out gets "<model name>.onnx".
 */
export async function exportOnnxCommand(
  modelDir: string,
  out: string,
  json: boolean,
  overwrite = false,
): Promise<void> {
  const ctx = await openCliContext();
  const r = await ctx.call('models.exportOnnx', { modelDir, out, overwrite });
  const result = {
    file: r.file,
    kind: r.kind,
    maxAbsDiff: r.maxAbsDiff,
    latentDim: r.latentDim,
    width: r.width,
    height: r.height,
    ...(r.encoderFile !== null && { encoderFile: r.encoderFile }),
    ...(r.autoregressive && { autoregressive: r.autoregressive }),
  };
  const what =
    r.kind === 'diffusion'
      ? `diffusion denoiser, sample + timestep → ${r.width}×${r.height}`
      : `${r.width}×${r.height}, latent ${r.latentDim}`;
  printResult(json, result, () =>
    [
      r.autoregressive === 'text'
        ? `Exported ${r.file} (a text model: tokens in, next-token logits out; manifest ${basename(r.manifestPath)})`
        : r.autoregressive
          ? `Exported ${r.file} (${r.width}×${r.height}, autoregressive, latent = sampling noise ${r.latentDim}, manifest ${basename(r.manifestPath)})`
          : `Exported ${r.file} (${what}, manifest ${basename(r.manifestPath)})`,
      `verified against the tfjs model: largest difference ${r.maxAbsDiff.toExponential(2)}`,
      ...(r.encoderFile !== null ? [`its encoder (image → latent): ${r.encoderFile}`] : []),
    ].join('\n'),
  );
}
