import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stepDirName } from '../../main/engine/training/checkpoint';
import { exportTorchJob } from '../../main/engine/torch-job/export-job';
import { maxRelativeError } from '../autodiff/tolerance';
import { writeCustomGanRun } from './custom-run';
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
import { DIST_TIMEOUT_ARGS, runRanks, torchMissing } from './torch-python';

/**
 * Data parallelism keeps the run's meaning: 2 processes (gloo on CPU, started by
 * `python train.py --procs 2`, torch.multiprocessing spawn) each training on half of every batch
 * end with the weights of one process on the whole batch, to 1e-4 — batch norm and minibatch
 * stddev see the whole batch across ranks, DDP averages the gradients. Debian's torchrun 1.13
 * fails on this Python 3.11 inside its elastic agent (AttributeError in
 * elastic/multiprocessing/api.py to_map), so the torchrun path is exercised by starting the ranks
 * as torchrun (or SLURM, Kubernetes) would: each with RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT
 * in its environment, the same env:// initialisation.
 */
const cleanup: string[] = [];
afterAll(async () => {
  for (const d of cleanup) await rm(d, { recursive: true, force: true });
});

/** 'spawn': python train.py --procs 2; 'env': two processes with a launcher's environment (as torchrun starts them). */
async function singleVsTwo(job: string, steps: number, launch: 'spawn' | 'env' = 'spawn') {
  // `job` has run on one process already; its copy `${job}-fresh` is the untouched export.
  const two = `${job}-${launch}`;
  await cp(`${job}-fresh`, two, { recursive: true });
  if (launch === 'spawn') await runJob(two, ['--steps', String(steps), '--procs', '2']);
  else
    await runRanks(
      ['train.py', '--steps', String(steps), '--threads', '1', '--json', ...DIST_TIMEOUT_ARGS],
      two,
      2,
    );
  const ck = (dir: string) => join(dir, 'out', 'checkpoints', stepDirName(steps));
  const states = await compareStates(ck(two), ck(job));
  const model = await compareStates(join(two, 'out', 'model'), join(job, 'out', 'model'));
  const one = await lossLog(ck(job));
  const both = await lossLog(ck(two));
  const state = JSON.parse(await readFile(join(ck(two), 'state.json'), 'utf8')) as {
    runtime: string;
  };
  expect(state.runtime, 'the checkpoint was written by the 2-process run').toContain('2 processes');
  let lossError = 0;
  for (let i = 0; i < steps; i++)
    for (const [k, v] of Object.entries(one[i]!.losses))
      lossError = Math.max(lossError, maxRelativeError([both[i]!.losses[k]!], [v]));
  const figures = {
    losses: lossError,
    ...Object.fromEntries(Object.entries(states.worst).map(([k, v]) => [k, v.error])),
    'model folder': Math.max(...Object.values(model.worst).map((v) => v.error)),
  };
  return { figures, logged: both.length };
}

describe.skipIf(torchMissing !== null)(
  `DDP with 2 processes equals one process on the whole batch${torchMissing ? ` (${torchMissing})` : ''}`,
  () => {
    it(
      'GAN with DiffAugment and a minibatch-stddev critic, 3 steps, spawned and env-launched',
      { timeout: 600_000 },
      async () => {
        const folder = await noiseFolder(6);
        const work = await tempDir('ddp-gan');
        cleanup.push(work, join(folder, '..'));
        const config = tinyConfig('gan', { steps: 3 });
        await writeCustomGanRun(join(work, 'run'), folder, config, 4);
        const job = join(work, 'job');
        await exportTorchJob({ runDir: join(work, 'run'), out: job, assetsDir: ASSETS });
        await cp(job, `${job}-fresh`, { recursive: true });
        await runJob(job, ['--steps', '3']);
        for (const launch of ['spawn', 'env'] as const) {
          const r = await singleVsTwo(job, 3, launch);
          console.log(`DDP GAN (${launch}): ${JSON.stringify(r.figures)}`);
          expect(r.logged).toBe(3);
          for (const [what, error] of Object.entries(r.figures))
            expect(error, `${launch}: ${what}`).toBeLessThan(1e-4);
        }
      },
    );

    it('VAE, 3 steps', { timeout: 600_000 }, async () => {
      const folder = await noiseFolder(6);
      const work = await tempDir('ddp-vae');
      cleanup.push(work, join(folder, '..'));
      const settings = await writeSettings(work, tinyConfig('vae', { steps: 3 }), 4, folder);
      const job = join(work, 'job');
      await exportTorchJob({ configFile: settings, out: job, assetsDir: ASSETS });
      await cp(job, `${job}-fresh`, { recursive: true });
      await runJob(job, ['--steps', '3']);
      const r = await singleVsTwo(job, 3);
      console.log(`DDP VAE: ${JSON.stringify(r.figures)}`);
      for (const [what, error] of Object.entries(r.figures)) expect(error, what).toBeLessThan(1e-4);
    });
  },
);
