import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../main/contract/training-schemas';
import { readTensors, stepDirName } from '../../main/engine/training/checkpoint';
import { train } from '../../main/engine/training/trainer';
import { exportTorchJob } from '../../main/engine/torch-job/export-job';
import { maxRelativeError } from '../autodiff/tolerance';
import {
  ASSETS,
  compareStates,
  lossLog,
  noiseFolder,
  runJob,
  tempDir,
  tinyConfig,
  writeSettings,
} from './job-fixtures';
import { torchMissing } from './torch-python';

/**
 * One step of the exported PyTorch job equals the app's step (onnxruntime) from the same initial
 * weights on the same batch: losses, gradients (the job's autograd gradients against the app's,
 * read from its first Adam moment m = (1 − β1)·g), updated weights, Adam moments, EMA and running
 * statistics, each to 1e-4 relative — for the GAN with and without DiffAugment and for the VAE.
 * The job draws z, ε and the augmentation itself (its PRNG port), and reads the batch from the
 * app's prepared images in the app's order, so "the same batch" is the job's own doing.
 */
const cleanup: string[] = [];
afterAll(async () => {
  for (const d of cleanup) await rm(d, { recursive: true, force: true });
});

async function oneStep(config: TrainConfig, width: number) {
  const folder = await noiseFolder(6);
  const work = await tempDir('step');
  cleanup.push(work, join(folder, '..'));
  // The app: one step of its trainer (onnxruntime), checkpoint at step 1.
  await train({ folder, config, outDir: join(work, 'app'), width, runtime: 'ort', threads: 1 });
  // The job from the same settings, one step, gradients dumped.
  const settings = await writeSettings(work, config, width, folder);
  const job = join(work, 'job');
  await exportTorchJob({ configFile: settings, out: job, assetsDir: ASSETS });
  await runJob(job, ['--steps', '1', '--dump-step', join(work, 'dump')]);
  const jobCk = join(job, 'out', 'checkpoints', stepDirName(1));
  const appCk = join(work, 'app', 'checkpoints', stepDirName(1));
  const states = await compareStates(jobCk, appCk);
  const appLosses = (await lossLog(appCk))[0]!.losses;
  const jobLosses = (await lossLog(jobCk))[0]!.losses;
  const lossError = Math.max(
    ...Object.keys(appLosses).map((k) => maxRelativeError([jobLosses[k] ?? NaN], [appLosses[k]!])),
  );
  // Gradients: the app's first Adam moment is (1 − β1)·g.
  const app = (await readTensors(appCk)).state;
  const grads = (await readTensors(join(work, 'dump'), 'grads')).state;
  const beta1 = config.family === 'gan' ? 0.5 : 0.9;
  let gradError = 0;
  let compared = 0;
  for (const [name, g] of Object.entries(grads)) {
    const role = config.family === 'gan' ? name.split('.')[0] : 'vae';
    const m = app[`adam.${role}.m.${name}`]!;
    gradError = Math.max(
      gradError,
      maxRelativeError(
        g,
        Float32Array.from(m, (v) => v / (1 - beta1)),
      ),
    );
    compared++;
  }
  const figures = {
    losses: lossError,
    gradients: gradError,
    ...Object.fromEntries(Object.entries(states.worst).map(([k, v]) => [k, v.error])),
  };
  console.log(
    `${config.family}${config.diffAugment ? ' + DiffAugment' : ''}: ${JSON.stringify(figures)}`,
  );
  // Every trainable tensor had its gradient compared (one Adam moment each in the app's state).
  expect(compared).toBe(Object.keys(app).filter((k) => /^adam\.[^.]+\.m\./.test(k)).length);
  expect(compared).toBeGreaterThan(0);
  return { figures, tensors: states.count, losses: Object.keys(appLosses) };
}

describe.skipIf(torchMissing !== null)(
  `one step of the PyTorch job equals the app's step${torchMissing ? ` (${torchMissing})` : ''}`,
  () => {
    it('GAN with DiffAugment', { timeout: 300_000 }, async () => {
      const r = await oneStep(tinyConfig('gan'), 4);
      expect(r.losses).toEqual(['d', 'g']);
      // G, D, EMA and both Adams' moments (84 = 74 + the 3 outer biases: G's with its EMA, each with m and v)
      expect(r.tensors).toBe(84);
      for (const [what, error] of Object.entries(r.figures)) expect(error, what).toBeLessThan(1e-4);
    });

    it('GAN without DiffAugment, hinge loss', { timeout: 300_000 }, async () => {
      const r = await oneStep(tinyConfig('gan', { diffAugment: false, loss: 'hinge' }), 4);
      for (const [what, error] of Object.entries(r.figures)) expect(error, what).toBeLessThan(1e-4);
    });

    it('VAE', { timeout: 300_000 }, async () => {
      const r = await oneStep(tinyConfig('vae'), 4);
      expect(r.losses).toEqual(['loss', 'recon', 'kl']);
      for (const [what, error] of Object.entries(r.figures)) expect(error, what).toBeLessThan(1e-4);
    });
  },
);
