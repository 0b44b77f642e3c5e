/**
 * A trained diffusion denoiser as the ONNX model a diffusers `UNet2DModel` export is: inputs
 * `sample` [N, C, H, W] (float32) and `timestep` [N] (int64, cast to float inside), output
 * `out_sample` of the sample's shape (the noise or v, as the manifest's prediction_type says).
 * The graph is the same forward pass that trained it (nets/run-net.ts on OnnxOps, inference
 * mode), weights as initializers, the batch free ("N"). Proven by running it: onnxruntime on the
 * file against the network run eagerly on tfjs (verify-export.ts), on seeded noise at timesteps
 * across the range.
 */
import * as ort from 'onnxruntime-node';
import { OnnxOps } from '../autodiff/onnx-ops';
import type { NetSpec } from '../nets/net-spec';
import { outputShape } from '../nets/net-shapes';
import { runNet } from '../nets/run-net';
import { constants, type Weights } from './export-net';
import { seededNormals, verifyExport } from './verify-export';

export const DENOISER_OUTPUT = 'out_sample';

/** The timesteps the verification runs at (one per sample, cycling): ends and middle of 0 … 999. */
export const VERIFY_TIMESTEPS = [999, 500, 1, 250];

export function isDenoiserNet(spec: NetSpec): boolean {
  return spec.input.kind === 'image' && spec.extraInputs?.t?.kind === 'vector';
}

function imageInput(spec: NetSpec): [number, number, number] {
  if (spec.input.kind !== 'image' || !isDenoiserNet(spec))
    throw new Error('A denoiser reads an image and a timestep "t".');
  return [spec.input.channels, spec.input.height, spec.input.width];
}

export function exportDenoiserNet(spec: NetSpec, weights: Weights, graphName: string): Uint8Array {
  const [c, h, w] = imageInput(spec);
  const o = new OnnxOps();
  const sample = o.g.input('sample', [1, c, h, w], 'float32', ['N', c, h, w]);
  const timestep = o.g.input('timestep', [1], 'int64', ['N']);
  const [asFloat] = o.g.emit('Cast', [timestep], [{ shape: [1] }], { to: { i: 1 } });
  const t = o.reshape(asFloat!, [1, 1]); // [N] → [N, 1] (the batch is copied, not fixed)
  const out = runNet(o, spec, constants(o, spec, weights), sample, {
    mode: 'infer',
    inputs: { t },
  });
  o.g.output(DENOISER_OUTPUT, out, { dims: ['N', ...outputShape(spec)] });
  return o.g.encode(graphName);
}

/**
 * Runs the exported bytes in onnxruntime and the network on tfjs on the same `samples` noisy
 * inputs (x_i = sampleNormalLatent(seed + i), timesteps VERIFY_TIMESTEPS) and requires them to
 * agree within `tolerance` (largest absolute difference of the prediction).
 */
export async function verifyDenoiserExport(
  bytes: Uint8Array,
  spec: NetSpec,
  weights: Weights,
  options: { samples: number; seed: number; tolerance?: number },
): Promise<{ maxAbsDiff: number }> {
  const { samples: n, seed, tolerance } = options;
  const [c, h, w] = imageInput(spec);
  const x = seededNormals(seed, n, c * h * w);
  const steps = Array.from({ length: n }, (_, i) => VERIFY_TIMESTEPS[i % VERIFY_TIMESTEPS.length]!);
  const probe = {
    input: { data: x, shape: [n, c, h, w] },
    extraInputs: { t: { data: Float32Array.from(steps), shape: [n, 1] } },
    feeds: {
      sample: new ort.Tensor('float32', x, [n, c, h, w]),
      timestep: new ort.Tensor('int64', BigInt64Array.from(steps, BigInt), [n]),
    },
    output: DENOISER_OUTPUT,
  };
  return verifyExport(bytes, spec, weights, probe, {
    tolerance,
    what: 'the exported denoiser',
    difference: 'difference',
  });
}
