import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import {
  loadPixelCnn,
  loadTextModel,
  type TextModel,
} from '../main/engine/autoregressive/onnx-models';
import { cacheLayout, emptyPast } from '../main/engine/autoregressive/text-kv-cache';
import { samplePixels } from '../main/engine/autoregressive/pixel-sampler';
import { createRng, sampleNormalLatent } from '../main/engine/latent/prng';
import { pixelCnn, pixelReach, textTransformer } from '../main/engine/nets/autoregressive-nets';
import { initNetParams } from '../main/engine/nets/net-params';
import { exportPixelCnnNet, exportTextNet } from '../main/engine/onnx-export/export-autoregressive';
import { pixelFilters } from '../main/engine/training/families/autoregressive-family';

/**
 * Autoregressive sampling speed (issue 11), on networks of the default shapes with seeded random
 * weights (speed does not depend on what was learnt):
 *
 * - PixelCNN at 28 px, greyscale, the default 5 gated blocks of 32 filters: images/s of the
 *   windowed sampler (each sub-pixel runs the network on the few rows and columns it can see)
 *   at batch 1 and 8, against recomputing the whole image for every sub-pixel (estimated from
 *   timed whole-image passes × 784 steps) — the ratio is what the windows save.
 * - Character transformer, the default small (context 64, width 64, 2 blocks), the bundled
 *   model's shape (context 96, width 96, 3 blocks) and medium (context 128, width 128, 4 blocks):
 *   tokens/s of generation on the key/value cache (`tokensPerSec`, text-kv-cache.ts) and
 *   recomputing the window for every token (`recomputeTokensPerSec`), both 200 tokens from a
 *   16-character prompt (so past the context: the window restarts on its last 3/4), and
 *   `kvCacheSpeedup` between them; against a raw onnxruntime loop that recomputes (one window run
 *   and an argmax per token) and the one-position floor of a cached step (the same network on a
 *   single position): `maxKvCacheGain` is the most a cache could speed a token up.
 */
async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await f();
  return [r, (performance.now() - t0) / 1000];
}

function weights(spec: Parameters<typeof initNetParams>[0]) {
  const params = initNetParams(spec, createRng(7));
  return (name: string) => params[name]!.data;
}

/**
 * The least a recomputing generator can do per token, straight on onnxruntime: one run of the
 * [1, T] window (fixed ids, empty caches when the graph takes them) and an argmax over the last
 * position's logits.
 */
async function rawTokensPerSec(file: string, context: number, vocab: number, seconds: number) {
  const session = await ort.InferenceSession.create(file, {
    executionProviders: ['cpu'],
    intraOpNumThreads: Math.max(1, availableParallelism()),
    graphOptimizationLevel: 'all',
  });
  const layout = cacheLayout(session);
  const past = layout ? emptyPast(layout, 1) : {};
  const ids = BigInt64Array.from({ length: context }, (_, i) => BigInt(1 + (i % (vocab - 1))));
  const step = async () => {
    const tokens = new ort.Tensor('int64', ids, [1, context]);
    const logits = (await session.run({ tokens, ...past })).logits!.data as Float32Array;
    let best = 0;
    for (let v = 1; v < vocab; v++)
      if (logits[(context - 1) * vocab + v]! > logits[(context - 1) * vocab + best]!) best = v;
    return best;
  };
  await step();
  let tokens = 0;
  const [, sec] = await timed(async () => {
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until || tokens < 32) {
      await step();
      tokens += 1;
    }
  });
  await session.release();
  return tokens / sec;
}

/** Tokens/s of the engine's generation (200 tokens a run), cached or recomputing. */
async function generationTokensPerSec(tm: TextModel, seconds: number, recompute: boolean) {
  const settings = { temperature: 1, topK: 0, topP: 1, seed: 1, maxTokens: 200 };
  await tm.generate('warm up', { ...settings, maxTokens: 4 }, {}, { recompute });
  let tokens = 0;
  const [, sec] = await timed(async () => {
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until || tokens === 0)
      tokens += (await tm.generate('Once upon a time', settings, {}, { recompute })).tokens;
  });
  return tokens / sec;
}

export async function autoregressiveBench(seconds: number) {
  const dir = await mkdtemp(join(tmpdir(), 'latent-ar-bench-'));
  try {
    const size = 28;
    const spec = pixelCnn({ size, channels: 1, filters: pixelFilters(32, 1), blocks: 5 });
    const file = join(dir, 'pixelcnn.onnx');
    await writeFile(file, exportPixelCnnNet(spec, weights(spec), 'bench'));
    const reach = pixelReach(spec);
    const model = await loadPixelCnn(file, {
      modality: 'image',
      levels: 256,
      channels: 1,
      size,
      reach,
    });
    const pixel = [];
    for (const batch of [1, 8]) {
      const [, windowedSec] = await timed(() =>
        samplePixels({
          n: batch,
          channels: 1,
          size,
          reach,
          z: sampleNormalLatent(batch, batch * size * size),
          temperature: 1,
          logits: (x, n, h, w) => model.logits(x, n, h, w),
        }),
      );
      const full = new Float32Array(batch * size * size);
      let passes = 0;
      const [, fullSec] = await timed(async () => {
        const until = performance.now() + Math.min(seconds, 3) * 1000;
        while (performance.now() < until || passes < 3) {
          await model.logits(full, batch, size, size);
          passes += 1;
        }
      });
      const fullImagesPerSec = batch / ((fullSec / passes) * size * size);
      pixel.push({
        batch,
        imagesPerSec: batch / windowedSec,
        fullImageRecomputeImagesPerSec: fullImagesPerSec,
        speedup: batch / windowedSec / fullImagesPerSec,
      });
    }
    await model.dispose();

    const text = await textGenerationBench(seconds, dir);
    return { pixelcnn28: pixel, text };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Text generation tokens/s (cached, recomputing, raw onnxruntime, one-position floor). */
export async function textGenerationBench(seconds: number, dir: string) {
  const text = [];
  for (const shape of [
    { name: 'small', context: 64, width: 64, layers: 2, heads: 2 },
    { name: 'bundled', context: 96, width: 96, layers: 3, heads: 3 },
    { name: 'medium', context: 128, width: 128, layers: 4, heads: 4 },
  ]) {
    const vocab = ['\uFFFD', ...Array.from({ length: 79 }, (_, i) => String.fromCharCode(32 + i))];
    const tspec = textTransformer({ ...shape, vocab: vocab.length });
    const tfile = join(dir, `text-${shape.name}.onnx`);
    await writeFile(tfile, exportTextNet(tspec, weights(tspec), 'bench'));
    const tm = await loadTextModel(tfile, {
      modality: 'text',
      tokenizer: 'char',
      vocab,
      context: shape.context,
    });
    const cached = await generationTokensPerSec(tm, seconds, false);
    const recompute = await generationTokensPerSec(tm, seconds, true);
    await tm.dispose();
    const raw = await rawTokensPerSec(tfile, shape.context, vocab.length, seconds);
    // The floor of any key/value-cached step: the same network run on one position (a cached
    // step computes at least that one position's projections and MLP, plus attention over
    // the cache). Its tokens/s bounds what caching could gain over recomputing the window.
    const oneSpec = textTransformer({ ...shape, context: 1, vocab: vocab.length });
    const oneFile = join(dir, `text-${shape.name}-one-position.onnx`);
    await writeFile(oneFile, exportTextNet(oneSpec, weights(oneSpec), 'bench'));
    const onePosition = await rawTokensPerSec(oneFile, 1, vocab.length, seconds);
    text.push({
      ...shape,
      vocab: vocab.length,
      tokensPerSec: cached,
      msPerToken: 1000 / cached,
      recomputeTokensPerSec: recompute,
      kvCacheSpeedup: cached / recompute,
      rawOnnxRuntimeTokensPerSec: raw,
      recomputeVsRaw: recompute / raw,
      onePositionFloorTokensPerSec: onePosition,
      maxKvCacheGain: onePosition / recompute,
    });
  }
  return text;
}

/** `nice -n 19 npx tsx bench/autoregressive.ts text [SECONDS]`: the text case alone, as JSON. */
if (process.argv[1]?.endsWith('autoregressive.ts') && process.argv[2] === 'text') {
  const dir = await mkdtemp(join(tmpdir(), 'latent-ar-bench-'));
  try {
    const result = await textGenerationBench(Number(process.argv[3] ?? 5), dir);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
