import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudio } from '../main/engine/studio';
import { browserLatency } from './browser-latency';
import { onnxThroughput } from './onnx-throughput';

/**
 * `npm run bench`: figures and ratios against the raw runtimes, written as JSON to
 * bench/results/latest.json (and a dated copy). Not a test: nothing here passes or fails.
 */
const root = join(import.meta.dirname, '..');
const dataDir = await mkdtemp(join(tmpdir(), 'latent-bench-'));
const studio = await createStudio({ dataDir, assetsDir: join(root, 'assets'), shell: 'cli' });
const info = await studio.handlers['app.info']({});
const modelId = info.defaultModelId;
if (!modelId) throw new Error('No bundled model to benchmark');
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
const latency = await browserLatency(root, 200);
console.log(latency);

const result = {
  date: new Date().toISOString(),
  machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown' },
  runtimes: info.runtimes,
  model: { id: model.id, name: model.name, width: model.props.width, height: model.props.height },
  sampling,
  browserLatency: latency,
};
await mkdir(join(root, 'bench', 'results'), { recursive: true });
const text = `${JSON.stringify(result, null, 2)}\n`;
await writeFile(join(root, 'bench', 'results', 'latest.json'), text);
await writeFile(join(root, 'bench', 'results', `bench-${result.date.slice(0, 10)}.json`), text);
console.log('wrote bench/results/latest.json');
await studio.dispose();
await rm(dataDir, { recursive: true, force: true });
process.exit(0);
