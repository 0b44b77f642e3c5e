/**
 * Proves an export right by running it: the ONNX file in onnxruntime and the tfjs forward pass of
 * the same spec on the same seeded latents must agree within 1e-4 (float32 noise from different
 * kernels and from folded batch norm is ~1e-6). This catches layout mistakes a shape check cannot —
 * a wrong channel order or depth-to-space mode still produces an image of the right size.
 */
import * as ort from 'onnxruntime-node';
import { StudioError } from '../../contract/channels';
import { sampleNormalLatent } from '../latent/prng';
import { firstLine } from '../models/errors';
import type { GeneratorSpec } from '../nets/generator-spec';

/** Runs the tfjs model on n latents (n*latentDim values) and returns NHWC images. */
export type TfjsForward = (z: Float32Array, n: number) => Promise<Float32Array>;
export interface VerifyOptions {
  samples: number;
  seed: number;
  /** Largest allowed |onnx - tfjs| over all pixels; default 1e-4. */
  tolerance?: number;
}

/** Latent i is sampleNormalLatent(seed + i): the same z the studio shows for that seed. */
function latents(seed: number, samples: number, dim: number): Float32Array {
  const z = new Float32Array(samples * dim);
  for (let i = 0; i < samples; i++) z.set(sampleNormalLatent((seed + i) >>> 0, dim), i * dim);
  return z;
}

function maxAbsDiffNchwVsNhwc(
  nchw: Float32Array,
  nhwc: Float32Array,
  n: number,
  c: number,
  h: number,
  w: number,
): number {
  let max = 0;
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const d = Math.abs(
            nchw[((b * c + ch) * h + y) * w + x]! - nhwc[((b * h + y) * w + x) * c + ch]!,
          );
          if (!(d <= max)) max = d; // a NaN sticks, so a NaN output cannot pass as a match
        }
  return max;
}

export async function verifyOnnxExport(
  onnxBytes: Uint8Array,
  forward: TfjsForward,
  spec: GeneratorSpec,
  options: VerifyOptions,
): Promise<{ maxAbsDiff: number }> {
  const { samples, seed, tolerance = 1e-4 } = options;
  const { height: h, width: w, channels: c } = spec.output;
  const z = latents(seed, samples, spec.latentDim);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(onnxBytes, { executionProviders: ['cpu'] });
  } catch (err) {
    throw new StudioError(
      'INTERNAL',
      `onnxruntime cannot load the exported model: ${firstLine(err)}`,
    );
  }
  let onnxOut: ort.Tensor;
  try {
    const result = await session.run({
      z: new ort.Tensor('float32', z, [samples, spec.latentDim]),
    });
    onnxOut = result.image!;
  } finally {
    await session.release();
  }
  const want = [samples, c, h, w];
  if (onnxOut.dims.join(',') !== want.join(','))
    throw new StudioError(
      'INTERNAL',
      `the exported model returned shape [${onnxOut.dims.join(',')}], expected [${want.join(',')}]`,
    );
  const tfjsOut = await forward(z, samples);
  if (tfjsOut.length !== samples * c * h * w)
    throw new StudioError(
      'INTERNAL',
      `the tfjs model returned ${tfjsOut.length} values for ${samples} images of ${w}x${h}x${c}`,
    );
  const maxAbsDiff = maxAbsDiffNchwVsNhwc(onnxOut.data as Float32Array, tfjsOut, samples, c, h, w);
  if (!(maxAbsDiff <= tolerance))
    throw new StudioError(
      'INTERNAL',
      `the exported ONNX model does not match the trained model: largest pixel difference ${maxAbsDiff} (allowed ${tolerance})`,
    );
  return { maxAbsDiff };
}
