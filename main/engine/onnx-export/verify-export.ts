/**
 * Proves an export right by running it: the ONNX file in onnxruntime and the same network run
 * eagerly on tfjs (TfjsOps, an independent implementation of every op) on the same seeded
 * latents must agree within 1e-4. This catches layout mistakes a shape check cannot — a wrong
 * channel order or depth-to-space mode still produces an image of the right size.
 */
import * as ort from 'onnxruntime-node';
import { StudioError } from '../../contract/channels';
import { TfjsOps } from '../autodiff/tfjs-ops';
import { sampleNormalLatent } from '../latent/prng';
import { firstLine } from '../models/errors';
import { tfjsRuntime } from '../models/tfjs-backend';
import type { NetSpec } from '../nets/net-spec';
import { paramInfos } from '../nets/net-shapes';
import { runNet } from '../nets/run-net';
import type { Weights } from './export-net';

/** Latent i is sampleNormalLatent(seed + i): the same z the studio shows for that seed. */
function latents(seed: number, samples: number, dim: number): Float32Array {
  const z = new Float32Array(samples * dim);
  for (let i = 0; i < samples; i++) z.set(sampleNormalLatent((seed + i) >>> 0, dim), i * dim);
  return z;
}

async function tfjsForward(
  spec: NetSpec,
  weights: Weights,
  z: Float32Array,
  n: number,
): Promise<Float32Array> {
  const { tf } = await tfjsRuntime();
  const o = new TfjsOps(tf);
  const infos = paramInfos(spec);
  const out = tf.tidy(() =>
    runNet(
      o,
      spec,
      (name) => tf.tensor(weights(name), infos.get(name)!.shape),
      tf.tensor(z, [n, z.length / n]),
      {
        mode: 'infer',
      },
    ),
  );
  const data = Float32Array.from(await out.data());
  out.dispose();
  return data;
}

export async function verifyGeneratorExport(
  bytes: Uint8Array,
  spec: NetSpec,
  weights: Weights,
  options: { samples: number; seed: number; tolerance?: number },
): Promise<{ maxAbsDiff: number }> {
  const { samples, seed, tolerance = 1e-4 } = options;
  const d = spec.input.kind === 'vector' ? spec.input.size : 0;
  const z = latents(seed, samples, d);
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
    got = (await session.run({ z: new ort.Tensor('float32', z, [samples, d]) })).image!
      .data as Float32Array;
  } finally {
    await session.release();
  }
  const want = await tfjsForward(spec, weights, z, samples);
  let maxAbsDiff = got.length === want.length ? 0 : Number.POSITIVE_INFINITY;
  for (let i = 0; i < want.length; i++) {
    const diff = Math.abs(got[i]! - want[i]!);
    if (!(diff <= maxAbsDiff)) maxAbsDiff = diff; // a NaN sticks: a NaN output cannot pass
  }
  if (!(maxAbsDiff <= tolerance))
    throw new StudioError(
      'INTERNAL',
      `the exported ONNX model does not match the trained model: largest pixel difference ${maxAbsDiff} (allowed ${tolerance})`,
    );
  return { maxAbsDiff };
}
