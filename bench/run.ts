import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudio } from '../main/engine/studio';
import { browserLatency } from './browser-latency';
import { autoregressiveBench } from './autoregressive';
import { diffusionBench } from './diffusion';
import { makeImageFolder } from './image-folder';
import { ingestBench } from './ingest';
import { fidBench } from './metrics';
import { onnxThroughput } from './onnx-throughput';
import { trainRuntimesBench } from './train-runtimes';

/**
 * `npm run bench`: figures and ratios against the raw runtimes, written as JSON to
 * bench/results/latest.json (and a dated copy). Not a test: nothing here passes or fails.
 * BENCH_SECONDS: seconds per measurement (default 6; training 20 per side); BENCH_SKIP_FID=1
 * skips the ~1 min FID cost measurement; BENCH_SKIP_EXTRACTOR=1 the feature-extractor one.
 * Training runs last: it registers the wasm training kernels on this process's tfjs.
 * BENCH_ONLY=training runs the training figures alone.
 */
const machine = {
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? 'unknown',
  loadAverage: loadavg().map((v) => Math.round(v * 100) / 100),
};
console.log('machine', machine);
const root = join(import.meta.dirname, '..');
const dataDir = await mkdtemp(join(tmpdir(), 'latent-bench-'));
const studio = await createStudio({ dataDir, assetsDir: join(root, 'assets'), shell: 'cli' });
const info = await studio.handlers['app.info']({});
// The foundation's figures are for a 64×64 generator: the bundled CPPN (the trained default is 32×32).
const modelId = 'bundled-placeholder-cppn';
const { models } = await studio.handlers['models.list']({});
const model = models.find((m) => m.id === modelId)!;

// The engine's own generator, loaded exactly as the app loads it.
const { loadGenerator } = await import('../main/engine/models/load-generator');
const generator = await loadGenerator(model.path);
const seconds = Number(process.env.BENCH_SECONDS ?? 6);
console.log(`Sampling throughput on ${model.name} (${model.props.width}×${model.props.height})…`);
const sampling = await onnxThroughput(model, generator, [1, 16, 64], seconds);
console.table(sampling);
await generator.dispose();

console.log('Latent change → frame on the canvas, browser shell in Chromium…');
const latency = await browserLatency(root, 200, modelId);
console.log(latency);

const imagesDir = join(dataDir, 'images');
await makeImageFolder(imagesDir, 300, 256, 192);
console.log('Ingest of 300 JPEG/PNG images (256×192) to 32 px: app cache build vs bare sharp…');
const ingest = await ingestBench(imagesDir, 32);
console.table([ingest]);

let metrics = null;
if (process.env.BENCH_SKIP_FID !== '1') {
  console.log('FID at Inception scale (10k × 2048) in pure JS…');
  metrics = await fidBench();
  console.table([metrics]);
}

let extractor = null;
if (process.env.BENCH_SKIP_EXTRACTOR !== '1') {
  console.log('Default feature extractor (nsfwjs InceptionV3 → ONNX) vs raw onnxruntime…');
  const { extractorBench } = await import('./extractor');
  extractor = await extractorBench(seconds);
  console.table([extractor]);
}

console.log('Diffusion: DDIM 50 steps at 32 px, batch 16, engine vs raw onnxruntime loop…');
const diffusion = await diffusionBench(seconds);
console.table([diffusion]);

console.log('Autoregressive: PixelCNN images/s at 28 px (windows vs whole image), text tokens/s…');
const autoregressive = await autoregressiveBench(seconds);
console.log(JSON.stringify(autoregressive, null, 2));

console.log('Training: app train() on onnxruntime and tfjs-wasm, raw onnxruntime, PyTorch CPU…');
const training = await trainRuntimesBench(root, Number(process.env.BENCH_SECONDS ?? 20));
console.log(
  JSON.stringify(
    training.cases.map((c) => ({ name: c.name, ...c.ratios })),
    null,
    2,
  ),
);

const result = {
  date: new Date().toISOString(),
  machine,
  runtimes: info.runtimes,
  model: { id: model.id, name: model.name, width: model.props.width, height: model.props.height },
  sampling,
  browserLatency: latency,
  ingest,
  metrics,
  /** bench/extractor.ts: conversion, cached open, images/s vs raw onnxruntime (FID time: metrics). */
  extractor,
  /** bench/diffusion.ts: DDIM 50 steps, 32 px, batch 16 on the fixture U-Net, engine vs raw loop. */
  diffusion,
  /** bench/autoregressive.ts: PixelCNN sampling images/s at 28 px, text generation tokens/s. */
  autoregressive,
  /** bench/train-runtimes.ts: steps/s on onnxruntime, tfjs-wasm, raw onnxruntime and PyTorch. */
  training,
};
await mkdir(join(root, 'bench', 'results'), { recursive: true });
const text = `${JSON.stringify(result, null, 2)}\n`;
await writeFile(join(root, 'bench', 'results', 'latest.json'), text);
await writeFile(join(root, 'bench', 'results', `bench-${result.date.slice(0, 10)}.json`), text);
console.log('wrote bench/results/latest.json');
await studio.dispose();
await rm(dataDir, { recursive: true, force: true });
process.exit(0);
