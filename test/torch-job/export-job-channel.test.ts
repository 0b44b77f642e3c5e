import { access, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import { stepDirName } from '../../main/engine/training/checkpoint';
import { openTempStudio } from '../support/temp-studio';
import { TINY_EXTRACTOR } from '../training/detector-fixtures';
import { tinyConfig } from '../training/fixtures';
import { noiseFolder } from './job-fixtures';
import { mustRunPython, torchMissing } from './torch-python';

/**
 * The Train screen's "Export as PyTorch job" through the contract (schema-parsed, as every shell
 * calls it): a run the engine trained becomes a job folder under <data>/jobs/ with its README of
 * launch commands, starting at the run's newest checkpoint; a second export never overwrites the
 * first; an unknown run is refused in words. Where PyTorch is present the job then trains a step.
 */
type Engine = Awaited<ReturnType<typeof openTempStudio>>;
let engine: Engine;
let folder = '';
let runId = '';
let runOut = '';

const call = async (channel: string, payload: unknown) => {
  const r = await dispatch(engine.studio.handlers, channel, payload);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as {
    dir: string;
    readme: string;
    family: string;
    startStep: number;
    steps: number;
    commands: { single: string; gpus: string; spawn: string; importModel: string };
    files?: string[];
  };
};

beforeAll(async () => {
  // The browser shell's write rules: the data folder, or folders the user chose that exist.
  engine = await openTempStudio('browser');
  folder = await noiseFolder(6);
});
afterAll(async () => {
  await engine?.close();
  if (folder) await rm(join(folder, '..'), { recursive: true, force: true });
});

describe('train.exportJob: a run of the app as a PyTorch job folder', () => {
  it(
    'exports a trained run with its README, twice without overwriting',
    { timeout: 300_000 },
    async () => {
      const ended = new Promise<EventPayload<'train.state'>>((resolve) => {
        const off = engine.studio.onEvent((name, payload) => {
          const e = payload as EventPayload<'train.state'>;
          if (name === 'train.state' && ['finished', 'failed', 'stopped'].includes(e.state)) {
            off();
            resolve(e);
          }
        });
      });
      const config = tinyConfig({
        steps: 2,
        checkpointEvery: 2,
        previewEvery: 2,
        width: 4,
        evalEvery: 0,
        extractor: TINY_EXTRACTOR,
      });
      const started = await engine.studio.handlers['train.start']({ folder, config });
      runId = started.run.runId;
      runOut = started.run.out;
      const done = await ended;
      expect(done.state, done.message ?? '').toBe('finished');

      const first = await call('train.exportJob', { runId });
      expect(first.dir).toBe(join(engine.dataDir, 'jobs', `${runOut.split('/').at(-1)}-pytorch`));
      expect(first).toMatchObject({ family: 'gan', startStep: 2, steps: 2 });
      const readme = await readFile(first.readme, 'utf8');
      expect(readme).toContain(first.commands.single);
      expect(readme).toContain(first.commands.gpus);
      expect(readme).toContain(first.commands.importModel);
      const job = JSON.parse(await readFile(join(first.dir, 'job.json'), 'utf8')) as {
        source: { run: string; step: number };
      };
      expect(job.source).toMatchObject({ run: runOut, step: 2 });
      await access(join(first.dir, 'out', 'checkpoints', stepDirName(2), 'state.json'));
      await access(join(first.dir, 'networks.py'));
      await access(join(first.dir, 'data', 'images.shard'));

      const second = await call('train.exportJob', { runId, steps: 3 });
      expect(second.dir).toBe(`${first.dir}-2`);
      expect(second.steps).toBe(3);
      expect(await readFile(first.readme, 'utf8')).toBe(readme);
      expect(first.files).toEqual(
        expect.arrayContaining(['README.md', 'train.py', 'networks.py', 'data/', 'out/']),
      );

      // Into a folder the user chose: the job goes inside it under the run's name.
      const chosen = join(folder, '..', 'chosen');
      await mkdir(chosen);
      const third = await call('train.exportJob', { runId, into: chosen });
      expect(third.dir).toBe(join(chosen, `${runOut.split('/').at(-1)}-pytorch`));
      await access(join(third.dir, 'train.py'));
      // A folder that does not exist, outside the data folder, is refused before anything is written.
      const nowhere = join(folder, '..', 'missing', 'deeper');
      await expect(call('train.exportJob', { runId, into: nowhere })).rejects.toThrow(
        /BAD_REQUEST: The folder .*missing\/deeper does not exist/,
      );
      await expect(call('train.exportJob', { runId, out: join(nowhere, 'job') })).rejects.toThrow(
        /BAD_REQUEST: The folder .*missing\/deeper does not exist/,
      );
    },
  );

  it('refuses an unknown run and a malformed request in words', async () => {
    await expect(call('train.exportJob', { runId: 'no-such-run' })).rejects.toThrow(
      'NOT_FOUND: There is no training run no-such-run.',
    );
    await expect(call('train.exportJob', { runId, steps: 0 })).rejects.toThrow(
      /BAD_REQUEST: Invalid request for train.exportJob at steps/,
    );
  });

  it.skipIf(torchMissing !== null)(
    `the exported job trains on from the run's checkpoint${torchMissing ? ` (${torchMissing})` : ''}`,
    { timeout: 300_000 },
    async () => {
      const dir = join(engine.dataDir, 'jobs', `${runOut.split('/').at(-1)}-pytorch-2`);
      const out = await mustRunPython(['train.py', '--threads', '1', '--json'], dir);
      const lines = out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { step: number; done?: boolean });
      expect(lines.map((l) => l.step)).toEqual([3, 3]);
      expect(lines.at(-1)?.done).toBe(true);
    },
  );
});
