import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stepDirName } from '../../main/engine/training/checkpoint';
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
} from './job-fixtures';
import { torchMissing } from './torch-python';

/**
 * A checkpoint of the app (weights, Adam moments and t, EMA, running statistics, step, position
 * in the seeded data order) starts the job exactly where the app stopped: the app trains to step
 * 2, the job continues to step 4, and ends where the app's own resumed run ends — across an epoch
 * boundary (6 images, batch 4), with DiffAugment. And the job resumes itself the same way: stopped
 * and launched again (on the GPU machine, with any process count) it continues exactly.
 */
const cleanup: string[] = [];
afterAll(async () => {
  for (const d of cleanup) await rm(d, { recursive: true, force: true });
});

describe.skipIf(torchMissing !== null)(
  `the job continues an app run exactly${torchMissing ? ` (${torchMissing})` : ''}`,
  () => {
    it('app to step 2, then the job to 4 = the app to 4', { timeout: 400_000 }, async () => {
      const folder = await noiseFolder(6);
      const work = await tempDir('continue');
      cleanup.push(work, join(folder, '..'));
      const run = join(work, 'run');
      const common = { folder, width: 4, runtime: 'ort' as const, threads: 1 };
      await train({ ...common, config: tinyConfig('gan', { steps: 2 }), outDir: run });
      await cp(run, `${run}-app`, { recursive: true });
      const job = join(work, 'job');
      const exported = await exportTorchJob({ runDir: run, out: job, steps: 4, assetsDir: ASSETS });
      expect(exported.startStep).toBe(2);
      const result = await runJob(job, []);
      expect(result.step).toBe(4);
      await train({
        ...common,
        config: tinyConfig('gan', { steps: 4 }),
        outDir: `${run}-app`,
        resume: true,
      });
      const jobCk = join(job, 'out', 'checkpoints', stepDirName(4));
      const appCk = join(`${run}-app`, 'checkpoints', stepDirName(4));
      const states = await compareStates(jobCk, appCk);
      const jobLog = await lossLog(jobCk);
      const appLog = await lossLog(appCk);
      expect(jobLog.map((e) => e.step)).toEqual([1, 2, 3, 4]);
      let lossError = 0;
      for (const i of [2, 3])
        for (const [k, v] of Object.entries(appLog[i]!.losses))
          lossError = Math.max(lossError, maxRelativeError([jobLog[i]!.losses[k]!], [v]));
      const figures = {
        losses: lossError,
        ...Object.fromEntries(Object.entries(states.worst).map(([k, v]) => [k, v.error])),
      };
      console.log(`app → job continuation: ${JSON.stringify(figures)}`);
      for (const [what, error] of Object.entries(figures)) expect(error, what).toBeLessThan(1e-4);
    });

    it(
      'the job stopped at step 3 and launched again (now on 2 processes) = the job straight to 4',
      { timeout: 400_000 },
      async () => {
        const folder = await noiseFolder(6);
        const work = await tempDir('resume-job');
        cleanup.push(work, join(folder, '..'));
        const run = join(work, 'run');
        const common = { folder, width: 4, runtime: 'ort' as const, threads: 1 };
        await train({ ...common, config: tinyConfig('gan', { steps: 2 }), outDir: run });
        const job = join(work, 'job');
        await exportTorchJob({ runDir: run, out: job, steps: 4, assetsDir: ASSETS });
        await cp(job, `${job}-resumed`, { recursive: true });
        expect((await runJob(job, [])).step).toBe(4);
        // Stopped at 3 (a checkpoint and a model folder), then the same folder launched again.
        expect((await runJob(`${job}-resumed`, ['--steps', '3'])).step).toBe(3);
        expect((await runJob(`${job}-resumed`, ['--procs', '2'])).step).toBe(4);
        const ck = (dir: string) => join(dir, 'out', 'checkpoints', stepDirName(4));
        const states = await compareStates(ck(`${job}-resumed`), ck(job));
        const resumedLog = await lossLog(ck(`${job}-resumed`));
        const straightLog = await lossLog(ck(job));
        expect(resumedLog.map((e) => e.step)).toEqual([1, 2, 3, 4]);
        let lossError = 0;
        for (const i of [2, 3])
          for (const [k, v] of Object.entries(straightLog[i]!.losses))
            lossError = Math.max(lossError, maxRelativeError([resumedLog[i]!.losses[k]!], [v]));
        const figures = {
          losses: lossError,
          ...Object.fromEntries(Object.entries(states.worst).map(([k, v]) => [k, v.error])),
        };
        console.log(`job stopped and relaunched: ${JSON.stringify(figures)}`);
        for (const [what, error] of Object.entries(figures)) expect(error, what).toBeLessThan(1e-4);
      },
    );
  },
);
