/**
 * A trained diffusion denoiser as the ONNX model a diffusers `UNet2DModel` export is: inputs
 * `sample` [N, C, H, W] (float32) and `timestep` [N] (int64, cast to float inside), output
 * `out_sample` of the sample's shape (the noise or v, as the manifest's prediction_type says).
 * The graph is the same forward pass that trained it (nets/run-net.ts on OnnxOps, inference
 * mode), weights as initializers, the batch free ("N"). Proven by running it: onnxruntime on the
 * file against the network run eagerly on tfjs, on seeded noise at timesteps across the range.
 */
import * as ort from 'onnxruntime-node';
import { StudioError } from '../../contract/channels';
import { OnnxOps } from '../autodiff/onnx-ops';
import { TfjsOps } from '../autodiff/tfjs-ops';
import { sampleNormalLatent } from '../latent/prng';
import { firstLine } from '../models/errors';
import { tfjsRuntime } from '../models/tfjs-backend';
import type { NetSpec } from '../nets/net-spec';
import { outputShape, paramInfos } from '../nets/net-shapes';
import { runNet } from '../nets/run-net';
import { constants, type Weights } from './export-net';

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

async function tfjsDenoise(
  spec: NetSpec,
  weights: Weights,
  x: Float32Array,
  t: Float32Array,
  n: number,
): Promise<Float32Array> {
  const { tf } = await tfjsRuntime();
  const o = new TfjsOps(tf);
  const infos = paramInfos(spec);
  const [c, h, w] = imageInput(spec);
  const out = tf.tidy(() =>
    runNet(
      o,
      spec,
      (name) => tf.tensor(weights(name), infos.get(name)!.shape),
      tf.tensor(x, [n, c, h, w]),
      { mode: 'infer', inputs: { t: tf.tensor(t, [n, 1]) } },
    ),
  );
  const data = Float32Array.from(await out.data());
  out.dispose();
  return data;
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
  const { samples: n, seed, tolerance = 1e-4 } = options;
  const [c, h, w] = imageInput(spec);
  const per = c * h * w;
  const x = new Float32Array(n * per);
  for (let i = 0; i < n; i++) x.set(sampleNormalLatent((seed + i) >>> 0, per), i * per);
  const steps = Array.from({ length: n }, (_, i) => VERIFY_TIMESTEPS[i % VERIFY_TIMESTEPS.length]!);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  } catch (err) {
    throw new StudioError(
      'INTERNAL',
      `onnxruntime cannot load the exported model: ${firstLine(err)}`,
    );
  }
  let got: Float32Array;
  try {
    const feeds = {
      sample: new ort.Tensor('float32', x, [n, c, h, w]),
      timestep: new ort.Tensor('int64', BigInt64Array.from(steps, BigInt), [n]),
    };
    got = (await session.run(feeds))[DENOISER_OUTPUT]!.data as Float32Array;
  } finally {
    await session.release();
  }
  const want = await tfjsDenoise(spec, weights, x, Float32Array.from(steps), n);
  let maxAbsDiff = got.length === want.length ? 0 : Number.POSITIVE_INFINITY;
  for (let i = 0; i < want.length; i++) {
    const diff = Math.abs(got[i]! - want[i]!);
    if (!(diff <= maxAbsDiff)) maxAbsDiff = diff; // a NaN sticks: a NaN output cannot pass
  }
  if (!(maxAbsDiff <= tolerance))
    throw new StudioError(
      'INTERNAL',
      `the exported denoiser does not match the trained model: largest difference ${maxAbsDiff} (allowed ${tolerance})`,
    );
  return { maxAbsDiff };
}
