import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePngRgba } from '../../main/engine/image/png';
import { createStudio } from '../../main/engine/studio';
import { json, runCli } from '../support/run-cli';
import { REPO_ROOT } from '../support/temp-studio';
import { noiseFolder, tempDir } from './job-fixtures';
import { DIST_TIMEOUT_ARGS, mustRunPython, torchMissing } from './torch-python';

/**
 * The whole way, as a user goes it, with the built CLI: train a run in the app, export it as a
 * PyTorch job, train 20 more steps in PyTorch with 2 processes (`python train.py --procs 2`),
 * import the job's model (exported to ONNX, verified) and sample it in the app; the studio shows
 * its training record (app and PyTorch steps); import the job's checkpoint and resume it in the app.
 */
const cleanup: string[] = [];
afterAll(async () => {
  for (const d of cleanup) await rm(d, { recursive: true, force: true });
});

describe.skipIf(torchMissing !== null)(
  `app run → PyTorch job → app${torchMissing ? ` (${torchMissing})` : ''}`,
  () => {
    it(
      'train, export-job, 20 steps with --procs 2, import, sample, record, resume',
      { timeout: 600_000 },
      async () => {
        const folder = await noiseFolder(8);
        const work = await tempDir('round-trip');
        cleanup.push(work, join(folder, '..'));
        const data = join(work, 'data');
        const cli = async <T>(args: string[]) => json<T>(await runCli([...args, '--json'], data));
        const trainArgs = ['--family', 'gan', '--size', '32', '--batch', '4', '--width', '4'];
        const run = join(work, 'run');
        const trained = await runCli(
          ['train', folder, ...trainArgs, '--steps', '2', '--out', run, '--json'],
          data,
        );
        expect(trained.code, trained.stderr).toBe(0);

        const job = join(work, 'job');
        const exported = await cli<{
          startStep: number;
          steps: number;
          commands: { spawn: string };
        }>(['export-job', run, '--out', job, '--steps', '22']);
        expect(exported.startStep).toBe(2);
        expect(exported.commands.spawn).toContain('python train.py --procs 2');
        const out = await mustRunPython(
          ['train.py', '--procs', '2', '--threads', '1', '--json', ...DIST_TIMEOUT_ARGS],
          job,
        );
        const result = JSON.parse(out.trim().split('\n').pop()!) as {
          done: boolean;
          step: number;
          model: string;
        };
        expect(result).toMatchObject({ done: true, step: 22 });

        const model = await cli<{
          id: string;
          path: string;
          kind: string;
          props: { width: number };
        }>(['import', result.model]);
        expect(model.kind).toBe('generator');
        expect(model.props.width).toBe(32);
        const samples = await cli<{ files: string[] }>([
          'sample',
          '--model',
          model.id,
          '--seed',
          '5',
          '--count',
          '2',
          '--out',
          join(work, 'samples'),
        ]);
        expect(samples.files).toHaveLength(2);
        const png = decodePngRgba(new Uint8Array(await readFile(samples.files[0]!)));
        expect(png.width).toBe(32);
        expect(new Set(png.rgba).size).toBeGreaterThan(8); // an image, not a flat colour

        // The studio shows the model's record: 2 steps of the app, then 20 of PyTorch.
        const studio = await createStudio({
          dataDir: data,
          assetsDir: join(REPO_ROOT, 'assets'),
          shell: 'cli',
        });
        try {
          const history = await studio.handlers['train.history']({ modelId: model.id });
          expect(history.stepCount).toBe(22);
          expect(history.steps.at(-1)?.step).toBe(22);
          expect(history.config?.family).toBe('gan');
        } finally {
          await studio.dispose();
        }

        // And back to training in the app, from the job's last checkpoint.
        const run2 = join(work, 'run2');
        const imported = await cli<{ step: number; resume: string }>([
          'import-checkpoint',
          join(job, 'out'),
          '--out',
          run2,
        ]);
        expect(imported.step).toBe(22);
        expect(imported.resume).toContain(`--out ${run2} --resume`);
        const resumed = await runCli(
          ['train', folder, ...trainArgs, '--steps', '23', '--out', run2, '--resume', '--json'],
          data,
        );
        expect(resumed.code, resumed.stderr).toBe(0);
        expect(resumed.stderr).toContain('Resuming from step 22');
        const lines = resumed.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { step?: number; done?: boolean });
        expect(lines.filter((l) => l.step !== undefined).map((l) => l.step)).toEqual([23]);
        expect(lines.at(-1)?.done).toBe(true);
      },
    );
  },
);
