/**
 * The PyTorch step fixture (test/fixtures/torch-job/gan-step/): one GAN step computed by the
 * exported PyTorch job, for the app's onnxruntime step to be compared with, without Python
 * (test/torch-job/step-fixture.test.ts; issue 9's step-equivalence fixture).
 *
 *   npx tsx scripts/torch-job/make-step-fixture.ts      (needs Debian python3-torch at /usr/bin/python3)
 *
 * A tiny DCGAN (32 px RGB, width 2, latent 8, batch 4) whose critic has a minibatch-stddev layer,
 * with DiffAugment and non-saturating loss, initialised as the app initialises it (seed 11); six
 * random-pixel images prepared by the app's cache. The job runs step 0 and dumps its gradients.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetLoader } from '../../main/engine/dataset/dataset-loader';
import { PreprocessedCache } from '../../main/engine/dataset/preprocessed-cache';
import { readTensors, stepDirName } from '../../main/engine/training/checkpoint';
import { encodeTensors } from '../../main/engine/training/tensor-file';
import { exportTorchJob } from '../../main/engine/torch-job/export-job';
import { writeCustomGanRun } from '../../test/torch-job/custom-run';
import { ASSETS, noiseFolder, tempDir, tinyConfig } from '../../test/torch-job/job-fixtures';
import { REPO_ROOT } from '../../test/support/temp-studio';

const OUT = join(REPO_ROOT, 'test', 'fixtures', 'torch-job', 'gan-step');
const WIDTH = 2;

async function writeTensorFile(
  base: string,
  state: Record<string, Float32Array>,
  shapes: Record<string, number[]>,
) {
  const { index, bin } = encodeTensors(
    Object.fromEntries(Object.entries(state).map(([k, data]) => [k, { shape: shapes[k]!, data }])),
  );
  await writeFile(`${base}.bin`, bin);
  await writeFile(
    `${base}.json`,
    `${JSON.stringify({ dtype: 'float32', byteOrder: 'little', tensors: index })}\n`,
  );
}

async function main() {
  const config = tinyConfig('gan');
  const folder = await noiseFolder(6);
  const work = await tempDir('fixture');
  const run = join(work, 'run');
  const { nets } = await writeCustomGanRun(run, folder, config, WIDTH);
  const job = join(work, 'job');
  await exportTorchJob({ runDir: run, out: job, assetsDir: ASSETS });
  const py = spawnSync(
    '/usr/bin/python3',
    ['train.py', '--steps', '1', '--threads', '1', '--dump-step', join(work, 'dump')],
    {
      cwd: job,
      encoding: 'utf8',
    },
  );
  if (py.status !== 0) throw new Error(`the job failed:\n${py.stderr}`);
  const torch = spawnSync('/usr/bin/python3', ['-c', 'import torch; print(torch.__version__)'], {
    encoding: 'utf8',
  }).stdout.trim();

  // The batch of step 0 as the app's loader gives it (NHWC floats in [-1, 1]).
  const cache = await PreprocessedCache.open(join(run, 'cache'), folder, {
    size: config.size,
    channels: config.channels,
    background: config.background,
  });
  const loader = await DatasetLoader.open(cache, { batch: config.batch, seed: config.seed });
  const batch = await loader.next();
  await loader.close();

  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const start = await readTensors(join(run, 'checkpoints', stepDirName(0)));
  await writeTensorFile(join(OUT, 'start'), start.state, start.shapes);
  const after = await readTensors(join(job, 'out', 'checkpoints', stepDirName(1)));
  await writeTensorFile(join(OUT, 'after'), after.state, after.shapes);
  const grads = await readTensors(join(work, 'dump'), 'grads');
  await writeTensorFile(join(OUT, 'grads'), grads.state, grads.shapes);
  await writeTensorFile(
    join(OUT, 'batch'),
    { real: batch },
    { real: [config.batch, config.size, config.size, config.channels] },
  );
  await copyFile(join(work, 'dump', 'losses.json'), join(OUT, 'losses.json'));
  await writeFile(
    join(OUT, 'meta.json'),
    `${JSON.stringify({ setup: { config, width: WIDTH, reconstruction: 'bce' }, step: 0, nets, madeBy: `export-job + PyTorch ${torch} (CPU, float32)` }, null, 2)}\n`,
  );
  await rm(work, { recursive: true, force: true });
  await rm(join(folder, '..'), { recursive: true, force: true });
  console.log(`wrote ${OUT} (PyTorch ${torch})`);
}

void main();
