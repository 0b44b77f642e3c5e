/**
 * A trained autoregressive network as a standard ONNX model plus a manifest that says so
 * (kind "autoregressive"), through the forward pass that trained it (run-net on OnnxOps):
 *
 *   PixelCNN  "image" [N, C, H, W] in [-1, 1] (level k ↦ k/127.5 − 1) → "logits" [N, C·256, H, W]
 *             (colour c, level k at channel c·256 + k). Height and width are free: the graph has
 *             no reshape, so the sampler feeds it small windows of the image.
 *   Text      "tokens" int64 [N, S] → "logits" [N, S, V]; a OneHot node turns ids into the
 *             one-hot rows the network was trained on.
 *
 *             The graph also takes and returns a key/value cache per layer (text-cached-graph.ts).
 *
 * Before anything is written the export is run by onnxruntime and compared with the same network
 * on tfjs (an independent implementation of every op), and a text model's cached path with its
 * whole-window path; a mismatch leaves no file behind.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { AutoregressiveManifest } from '../../contract/autoregressive-schemas';
import { StudioError } from '../../contract/channels';
import { OnnxOps } from '../autodiff/onnx-ops';
import { TfjsOps } from '../autodiff/tfjs-ops';
import { oneHot } from '../training/families/autoregressive-losses';
import { createRng } from '../latent/prng';
import { tfjsRuntime } from '../models/tfjs-backend';
import { writeFileAtomic } from '../io/atomic-write';
import { manifestPathFor, manifestSchema } from '../models/manifest';
import { pixelReach } from '../nets/autoregressive-nets';
import type { NetSpec } from '../nets/net-spec';
import { paramInfos } from '../nets/net-shapes';
import { runNet } from '../nets/run-net';
import { buildCachedTextGraph } from './text-cached-graph';
import {
  cacheLayout,
  emptyPast,
  OrtTokenCache,
  type CacheLayout,
} from '../autoregressive/text-kv-cache';
import { readNets, readTensors } from '../training/checkpoint';
import type { ModelSetup } from '../training/families/family';

type Weights = (name: string) => Float32Array;

export interface AutoregressiveExport {
  file: string;
  manifestPath: string;
  maxAbsDiff: number;
  manifest: AutoregressiveManifest;
}

function constants(o: OnnxOps, spec: NetSpec, weights: Weights) {
  const table = new Map<string, ReturnType<OnnxOps['constant']>>();
  for (const [name, info] of paramInfos(spec))
    table.set(name, o.constant(Float32Array.from(weights(name)), info.shape));
  return (name: string) => table.get(name)!;
}

export function exportPixelCnnNet(spec: NetSpec, weights: Weights, name: string): Uint8Array {
  if (spec.input.kind !== 'image') throw new Error('A PixelCNN reads an image.');
  const { channels, height, width } = spec.input;
  const o = new OnnxOps();
  const x = o.g.input('image', [1, channels, height, width], 'float32', ['N', channels, 'H', 'W']);
  const y = runNet(o, spec, constants(o, spec, weights), x, { mode: 'infer' });
  o.g.output('logits', y, { dims: ['N', y.shape[1]!, 'H', 'W'] });
  return o.g.encode(
    name,
    'Latent Studio PixelCNN: logits of colour c, level k at channel c*levels+k',
  );
}

/** The text model with its key/value cache inputs and outputs (text-cached-graph.ts). */
export function exportTextNet(spec: NetSpec, weights: Weights, name: string): Uint8Array {
  if (spec.input.kind !== 'sequence') throw new Error('A text model reads a token sequence.');
  const o = new OnnxOps();
  buildCachedTextGraph(o, spec, constants(o, spec, weights));
  return o.g.encode(
    name,
    'Latent Studio text model: character tokens in, next-token logits out; optional key/value cache (past_key_values.L.key|value -> present.L.key|value, [batch, heads, past, headDim])',
  );
}

async function tfjsForward(spec: NetSpec, weights: Weights, x: Float32Array, shape: number[]) {
  const { tf } = await tfjsRuntime();
  const o = new TfjsOps(tf);
  const infos = paramInfos(spec);
  const y = tf.tidy(() =>
    runNet(o, spec, (n) => tf.tensor(weights(n), infos.get(n)!.shape), tf.tensor(x, shape), {
      mode: 'infer',
    }),
  );
  const data = Float32Array.from(await y.data());
  y.dispose();
  return data;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < b.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = d;
  }
  return m;
}

/** Runs the export in onnxruntime and the network on tfjs on the same seeded input. */
async function verify(bytes: Uint8Array, spec: NetSpec, weights: Weights): Promise<number> {
  const rng = createRng(20240611);
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  try {
    if (spec.input.kind === 'image') {
      const { channels: c, height: h, width: w } = spec.input;
      const x = Float32Array.from(
        { length: 2 * c * h * w },
        () => Math.floor(rng.nextFloat() * 256) / 127.5 - 1,
      );
      const got = (await session.run({ image: new ort.Tensor('float32', x, [2, c, h, w]) })).logits!
        .data as Float32Array;
      return maxDiff(got, await tfjsForward(spec, weights, x, [2, c, h, w]));
    }
    if (spec.input.kind !== 'sequence') throw new Error('not an autoregressive network');
    const { length: t, features: v } = spec.input;
    const ids = Int32Array.from({ length: 2 * t }, () => rng.nextUint32() % v);
    const layout = cacheLayout(session);
    if (!layout) throw new Error('the text model export has no key/value cache inputs');
    const got = (
      await session.run({
        tokens: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [2, t]),
        ...emptyPast(layout, 2),
      })
    ).logits!.data as Float32Array;
    const reference = await tfjsForward(spec, weights, oneHot(ids, v, 2 * t, 1), [2, t, v]);
    return Math.max(maxDiff(got, reference), await cachedDiff(session, layout, ids, v, got));
  } finally {
    await session.release();
  }
}

/**
 * The cached path against the whole window: the first half of the first row encoded at once,
 * then one token per step; each step's logits against the window's logits at that position.
 */
async function cachedDiff(
  session: ort.InferenceSession,
  layout: CacheLayout,
  ids: Int32Array,
  vocab: number,
  full: Float32Array,
): Promise<number> {
  const t = ids.length / 2;
  const cache = new OrtTokenCache(session, layout, vocab);
  const half = Math.ceil(t / 2);
  let worst = maxDiff(
    await cache.prefill(ids.subarray(0, half)),
    full.subarray((half - 1) * vocab, half * vocab),
  );
  for (let p = half; p < t; p++)
    worst = Math.max(
      worst,
      maxDiff(await cache.step(ids[p]!), full.subarray(p * vocab, (p + 1) * vocab)),
    );
  return worst;
}

/** Reads <model>/config.json (the run's setup) beside nets.json and tensors. */
export async function readModelSetup(modelDir: string): Promise<ModelSetup> {
  return JSON.parse(await readFile(join(modelDir, 'config.json'), 'utf8')) as ModelSetup;
}

export async function exportAutoregressiveModel(
  modelDir: string,
  file: string,
  modelName = basename(file).replace(/\.onnx$/i, ''),
): Promise<AutoregressiveExport> {
  const setup = await readModelSetup(modelDir);
  const spec = (await readNets(modelDir)).g;
  if (!spec)
    throw new StudioError('BAD_REQUEST', `${modelDir} holds no network ("g" in nets.json).`);
  const { state } = await readTensors(modelDir);
  const weights: Weights = (n) => {
    const v = state[`g.${n}`];
    if (!v) throw new StudioError('BAD_REQUEST', `${modelDir} has no weights for g.${n}.`);
    return v;
  };
  const text = setup.config.family === 'text';
  const bytes = text
    ? exportTextNet(spec, weights, modelName)
    : exportPixelCnnNet(spec, weights, modelName);
  const maxAbsDiff = await verify(bytes, spec, weights);
  if (!(maxAbsDiff <= 1e-3))
    throw new StudioError(
      'INTERNAL',
      `the exported ONNX model does not match the trained network: largest logit difference ${maxAbsDiff}`,
    );
  const { config } = setup;
  const manifest: AutoregressiveManifest = text
    ? {
        modality: 'text',
        tokenizer: 'char',
        vocab: setup.vocab ?? [],
        context: config.context ?? 128,
      }
    : {
        modality: 'image',
        levels: 256,
        channels: config.channels,
        size: config.size,
        reach: pixelReach(spec),
        temperature: 1,
      };
  const what = text
    ? `a ${config.layers ?? 4}-block character transformer (context ${config.context}, width ${setup.width}, ${manifest.modality === 'text' ? manifest.vocab.length : 0} characters)`
    : `a gated PixelCNN (${config.size} px, ${config.channels === 1 ? 'greyscale' : 'colour'}, ${config.layers ?? 5} blocks)`;
  const sidecar = manifestSchema.parse({
    name: modelName,
    note: `Trained in Latent Studio: ${what}, ${config.steps} steps.`,
    kind: 'autoregressive',
    autoregressive: manifest,
    ...(!text && {
      range: [0, 1],
      channels: config.channels,
      width: config.size,
      height: config.size,
      layout: 'NCHW',
    }),
  });
  const manifestPath = manifestPathFor(file, 'onnx');
  await writeFileAtomic(file, bytes);
  await writeFileAtomic(manifestPath, `${JSON.stringify(sidecar, null, 2)}\n`);
  return { file, manifestPath, maxAbsDiff, manifest };
}
