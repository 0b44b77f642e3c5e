import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { inputTensor } from '../main/engine/metrics/extractors/input-tensor';
import {
  nsfwjsCacheFiles,
  nsfwjsManifest,
} from '../main/engine/metrics/extractors/nsfwjs-extractor';
import { openExtractor } from '../main/engine/metrics/extractors/open-extractor';
import { syntheticImage } from '../main/engine/metrics/extractors/synthetic-images';

/**
 * The default feature extractor (nsfwjs InceptionV3 as ONNX): the one-time conversion, a cached
 * open, and images/s through `extract()` (resize 256×256 → 299, normalise, run, float64 rows)
 * against a bare onnxruntime session.run of the same file on a prepared tensor (ratio = engine /
 * raw; the gap is our resize + packing). FID on 10k × 2048 statistics is bench/metrics.ts.
 */
export interface ExtractorBenchResult {
  extractor: string;
  batch: number;
  conversionSeconds: number;
  cachedOpenSeconds: number;
  engineImagesPerSec: number;
  rawImagesPerSec: number;
  ratio: number;
}

async function rate(step: () => Promise<void>, images: number, seconds: number): Promise<number> {
  let done = 0;
  const start = performance.now();
  do {
    await step();
    done += images;
  } while (performance.now() - start < seconds * 1000);
  return done / ((performance.now() - start) / 1000);
}

export async function extractorBench(seconds: number, batch = 8): Promise<ExtractorBenchResult> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'latent-extractor-bench-'));
  try {
    let t = performance.now();
    const first = await openExtractor(undefined, { cacheDir });
    const conversionSeconds = (performance.now() - t) / 1000;
    await first.dispose();
    t = performance.now();
    const extractor = await openExtractor('inception', { cacheDir });
    const cachedOpenSeconds = (performance.now() - t) / 1000;

    const images = Array.from({ length: batch }, (_, i) => syntheticImage(i + 1, 256, 256));
    const session = await ort.InferenceSession.create(nsfwjsCacheFiles(cacheDir).onnx, {
      executionProviders: ['cpu'],
      intraOpNumThreads: availableParallelism(),
      graphOptimizationLevel: 'all',
    });
    const { data, dims } = inputTensor(images, nsfwjsManifest.input);
    const feeds = { image: new ort.Tensor('float32', data, dims) };
    const engineStep = async () => void (await extractor.extract(images));
    const rawStep = async () => void (await session.run(feeds));
    await engineStep();
    await rawStep();
    // Alternate short rounds so machine noise (shared cores) hits both sides alike.
    const engine: number[] = [];
    const raw: number[] = [];
    for (let round = 0; round < 3; round++) {
      engine.push(await rate(engineStep, batch, seconds / 3));
      raw.push(await rate(rawStep, batch, seconds / 3));
    }
    await session.release();
    await extractor.dispose();
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const r = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
    return {
      extractor: extractor.id,
      batch,
      conversionSeconds: r(conversionSeconds),
      cachedOpenSeconds: r(cachedOpenSeconds),
      engineImagesPerSec: r(mean(engine)),
      rawImagesPerSec: r(mean(raw)),
      ratio: r(mean(engine) / mean(raw), 3),
    };
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  console.log(await extractorBench(Number(process.env.BENCH_SECONDS ?? 6)));
}
