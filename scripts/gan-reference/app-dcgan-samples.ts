/**
 * N sample PNGs from a checkpoint's sampling network (a GAN's EMA generator with standing batch-norm
 * statistics: what the exported model draws), sample i from the app's latent for seed i, plus an
 * 8×8 grid of the first 64 (×2, nearest) as SAMPLES-grid.png.
 *
 *   npx tsx scripts/gan-reference/app-dcgan-samples.ts CHECKPOINT_DIR SAMPLES_DIR [N=1000] [WEIGHTS]
 *
 * WEIGHTS picks other sampling networks, to tell training apart from sampling when comparing with
 * the PyTorch reference (which samples its raw G with running statistics, in eval mode):
 * ema-standing (default, the app's), g-running (the reference's), g-standing, ema-running.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ModelSetup } from '../../main/engine/training/families/family';
import { sampleNormalLatent } from '../../main/engine/latent/prng';
import { readTensors } from '../../main/engine/training/checkpoint';
import { createFamily } from '../../main/engine/training/families/family';
import { OrtForwardRunner } from '../../main/engine/training/runtime/forward-runner';
import { TrainingSampler, toRgba } from '../../main/engine/training/sampling';

const [dir, out, countArg, weightsArg = 'ema-standing'] = process.argv.slice(2);
const WEIGHTS = ['ema-standing', 'g-running', 'g-standing', 'ema-running'];
if (!dir || !out) throw new Error('usage: app-dcgan-samples.ts CHECKPOINT_DIR SAMPLES_DIR [N]');
const count = Number(countArg ?? 1000);
const { setup } = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as {
  setup: ModelSetup;
};
if (!WEIGHTS.includes(weightsArg)) throw new Error(`WEIGHTS is one of ${WEIGHTS.join(', ')}`);
const [weights, stats] = weightsArg.split('-');
const trained = createFamily(setup);
// ema-running: the EMA weights with G's running statistics (the state has no EMA statistics).
const family = {
  ...trained,
  sampler: { ...trained.sampler, prefix: weights!, standingStats: stats === 'standing' },
};
const { state } = await readTensors(dir);
const forward = new OrtForwardRunner(family.sampler.spec);
const sampler = new TrainingSampler(family, forward);
const params = await sampler.params(state);
const { latentDim, size, channels } = setup.config;
const z = new Float32Array(count * latentDim);
for (let i = 0; i < count; i++) z.set(sampleNormalLatent(i, latentDim), i * latentDim);
const images = await sampler.generate(params, z, count);
const range = family.sampler.spec.outputRange ?? [-1, 1];
await mkdir(out, { recursive: true });
const grid = Buffer.alloc(64 * size * size * 4);
for (let i = 0; i < count; i++) {
  const rgba = toRgba(images, i, channels, size, range);
  const raw = { width: size, height: size, channels: 4 as const };
  await sharp(Buffer.from(rgba), { raw })
    .png()
    .toFile(join(out, `s${String(i).padStart(4, '0')}.png`));
  if (i < 64)
    for (let y = 0; y < size; y++) {
      const row = ((Math.floor(i / 8) * size + y) * 8 * size + (i % 8) * size) * 4;
      Buffer.from(rgba.subarray(y * size * 4, (y + 1) * size * 4)).copy(grid, row);
    }
}
await sharp(grid, { raw: { width: 8 * size, height: 8 * size, channels: 4 } })
  .resize(16 * size, 16 * size, { kernel: 'nearest' })
  .png()
  .toFile(`${out}-grid.png`);
await forward.dispose();
console.log(`wrote ${count} samples to ${out}`);
