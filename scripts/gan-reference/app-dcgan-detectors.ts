/**
 * The collapse detector on issue 9's comparison run: the same recipe as app-dcgan-run.ts (DCGAN,
 * width 64, 32 px, 1 channel, latent 128, batch 64, BCE non-saturating, no DiffAugment, seed 1),
 * with the live detectors on (fashion-mnist extractor, a preview every 50 steps), at a chosen
 * learning rate: 2e-4 is the healthy recipe, 1e-1 or 1 a deliberately collapsed run. Prints one
 * JSON line per collapse reading and writes OUT/metrics.jsonl as the app does.
 *
 *   npx tsx scripts/gan-reference/app-dcgan-detectors.ts FOLDER OUT [LR=2e-4] [STEPS=600]
 */
import { join } from 'node:path';
import type { TrainConfig } from '../../main/contract/training-schemas';
import { DetectorSession } from '../../main/engine/training/detectors/detector-session';
import { train } from '../../main/engine/training/trainer';

const [folder, out, lrArg, stepsArg] = process.argv.slice(2);
if (!folder || !out) throw new Error('usage: app-dcgan-detectors.ts FOLDER OUT [LR] [STEPS]');
const config: TrainConfig = {
  family: 'gan',
  size: 32,
  channels: 1,
  steps: Number(stepsArg ?? 600),
  batch: 64,
  latentDim: 128,
  learningRate: Number(lrArg ?? 2e-4),
  loss: 'nonsaturating',
  diffAugment: false,
  vaeBeta: 1,
  seed: 1,
  checkpointEvery: 100_000,
  previewEvery: 50,
  keepCheckpoints: 1,
  background: 'white',
  evalEvery: 0,
  extractor: 'fashion-mnist',
};
const session = new DetectorSession({
  config,
  outDir: out,
  resume: false,
  extractorCacheDir: join(out, 'extractor-cache'),
  emit: (m) => {
    if (m.collapse) console.log(JSON.stringify({ step: m.step, ...m.collapse }));
  },
  notice: (message) => console.log(message),
});
const started = performance.now();
const result = await train({
  folder,
  config,
  outDir: out,
  runtime: 'ort',
  width: 64,
  onPreview: (p) => session.preview(p.step, { width: p.width, height: p.height, rgba: p.rgba }),
  onStepEnd: (s) => session.stepEnd(s),
});
await session.close();
const seconds = Math.round((performance.now() - started) / 1000);
console.log(JSON.stringify({ state: result.state, seconds }));
