/**
 * Proves an export right by running it: the ONNX file in onnxruntime and the same network run
 * eagerly on tfjs (TfjsOps, an independent implementation of every op) on the same seeded
 * inputs must agree within 1e-4. This catches layout mistakes a shape check cannot — a wrong
 * channel order or depth-to-space mode still produces an image of the right size. One check
 * (`verifyExport`) for every kind of export; generators and denoisers differ only in the inputs.
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

/** A float32 input as both runtimes take it. */
export interface ProbeTensor {
  data: Float32Array;
  shape: number[];
}

/** What to run both ways: the network's inputs (tfjs) and the file's inputs (onnxruntime). */
export interface ExportProbe {
  /** The network's main input. */
  input: ProbeTensor;
  /** The network's extra inputs by name (a denoiser's timestep "t"). */
  extraInputs?: Record<string, ProbeTensor>;
  /** The ONNX model's inputs by name, and the output to compare. */
  feeds: Record<string, ort.Tensor>;
  output: string;
}

export interface VerifyOptions {
  tolerance?: number | undefined;
  /** Words for the error: what was exported, and what the difference is of. */
  what: string;
  difference: string;
}

/** Samples i = sampleNormalLatent(seed + i) of `size` floats each: the studio's z for that seed. */
export function seededNormals(seed: number, samples: number, size: number): Float32Array {
  const x = new Float32Array(samples * size);
  for (let i = 0; i < samples; i++) x.set(sampleNormalLatent((seed + i) >>> 0, size), i * size);
  return x;
}

async function tfjsForward(
  spec: NetSpec,
  weights: Weights,
  probe: ExportProbe,
): Promise<Float32Array> {
  const { tf } = await tfjsRuntime();
  const o = new TfjsOps(tf);
  const infos = paramInfos(spec);
  const tensor = (t: ProbeTensor) => tf.tensor(t.data, t.shape);
  const out = tf.tidy(() =>
    runNet(
      o,
      spec,
      (name) => tf.tensor(weights(name), infos.get(name)!.shape),
      tensor(probe.input),
      {
        mode: 'infer',
        ...(probe.extraInputs && {
          inputs: Object.fromEntries(
            Object.entries(probe.extraInputs).map(([name, t]) => [name, tensor(t)]),
          ),
        }),
      },
    ),
  );
  const data = Float32Array.from(await out.data());
  out.dispose();
  return data;
}

async function onnxForward(bytes: Uint8Array, probe: ExportProbe): Promise<Float32Array> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  } catch (err) {
    throw new StudioError(
      'INTERNAL',
      `onnxruntime cannot load the exported model: ${firstLine(err)}`,
    );
  }
  try {
    return (await session.run(probe.feeds))[probe.output]!.data as Float32Array;
  } finally {
    await session.release();
  }
}

/**
 * Runs the exported bytes in onnxruntime and the network on tfjs on the probe's inputs and
 * requires them to agree within `tolerance` (largest absolute difference of the output).
 */
export async function verifyExport(
  bytes: Uint8Array,
  spec: NetSpec,
  weights: Weights,
  probe: ExportProbe,
  options: VerifyOptions,
): Promise<{ maxAbsDiff: number }> {
  const { tolerance = 1e-4 } = options;
  const got = await onnxForward(bytes, probe);
  const want = await tfjsForward(spec, weights, probe);
  let maxAbsDiff = got.length === want.length ? 0 : Number.POSITIVE_INFINITY;
  for (let i = 0; i < want.length; i++) {
    const diff = Math.abs(got[i]! - want[i]!);
    if (!(diff <= maxAbsDiff)) maxAbsDiff = diff; // a NaN sticks: a NaN output cannot pass
  }
  if (!(maxAbsDiff <= tolerance))
    throw new StudioError(
      'INTERNAL',
      `${options.what} does not match the trained model: largest ${options.difference} ${maxAbsDiff} (allowed ${tolerance})`,
    );
  return { maxAbsDiff };
}

/** A generator's export on `samples` seeded latents (z_i is the studio's z for seed + i). */
export async function verifyGeneratorExport(
  bytes: Uint8Array,
  spec: NetSpec,
  weights: Weights,
  options: { samples: number; seed: number; tolerance?: number },
): Promise<{ maxAbsDiff: number }> {
  const { samples, seed, tolerance } = options;
  const d = spec.input.kind === 'vector' ? spec.input.size : 0;
  const z = seededNormals(seed, samples, d);
  const probe = {
    input: { data: z, shape: [samples, d] },
    feeds: { z: new ort.Tensor('float32', z, [samples, d]) },
    output: 'image',
  };
  return verifyExport(bytes, spec, weights, probe, {
    tolerance,
    what: 'the exported ONNX model',
    difference: 'pixel difference',
  });
}
