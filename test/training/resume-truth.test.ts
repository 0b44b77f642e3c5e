import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import type { TrainRun } from '../../main/contract/training-schemas';
import { TrainingControl } from '../../main/engine/training/control';
import { runTrainingJob } from '../../main/engine/training/process/run-training-job';
import { lockRunFolder, runLockPath } from '../../main/engine/training/run-folder-lock';
import { openTempStudio, REPO_ROOT } from '../support/temp-studio';
import { pngFolder, tempDir, tinyConfig } from './fixtures';

const TINY_EXTRACTOR = join(REPO_ROOT, 'test', 'fixtures', 'extractors', 'tiny-extractor.onnx');
const config = tinyConfig({
  steps: 4,
  batch: 2,
  checkpointEvery: 1,
  previewEvery: 10,
  keepCheckpoints: 3,
});

/** A run stopped at step 3 with checkpoints 1, 2, 3; step 3's state.json then damaged. */
async function stoppedRun(): Promise<{ folder: string; out: string }> {
  const folder = await pngFolder([[30, 160, 90]], 4);
  const out = await tempDir('resume');
  const control = new TrainingControl();
  const result = await runTrainingJob({
    job: { folder, outDir: out, resume: false, width: 4, config },
    control,
    onProgress: (p) => p.step === 3 && control.cancel(),
    onNotice: () => undefined,
    onMetrics: () => undefined,
  });
  expect(result).toMatchObject({ state: 'stopped', step: 3 });
  await writeFile(join(out, 'checkpoints', 'step-0000003', 'state.json'), '{"damaged": true}');
  return { folder, out };
}

const steps = async (out: string) => (await readdir(join(out, 'checkpoints'))).sort();

describe('resume tells the truth', () => {
  it(
    'says which checkpoint it resumed from and which it skipped, before training',
    { timeout: 300_000 },
    async () => {
      const { folder, out } = await stoppedRun();
      const said: string[] = [];
      const notices: string[] = [];
      const result = await runTrainingJob({
        job: { folder, outDir: out, resume: true, width: 4, config },
        onResume: (plan, summary) => {
          expect(plan.from?.step).toBe(2);
          said.push(summary);
        },
        onNotice: (m) => notices.push(m),
        onMetrics: () => undefined,
      });
      expect(result).toMatchObject({ state: 'finished', step: 4 });
      expect(said).toEqual([
        'Resumed from step 2 (checkpoints/step-0000002); skipped checkpoints/step-0000003 (state.json does not match its checksum).',
      ]);
      expect(notices.some((n) => n.includes('step-0000003') && n.includes('checksum'))).toBe(true);
    },
  );

  it(
    'finds no valid checkpoint: stops and says so, deleting nothing',
    { timeout: 300_000 },
    async () => {
      const { folder, out } = await stoppedRun();
      for (const s of ['step-0000001', 'step-0000002'])
        await writeFile(join(out, 'checkpoints', s, 'tensors.bin'), 'x');
      const before = await steps(out);
      await expect(
        runTrainingJob({
          job: { folder, outDir: out, resume: true, width: 4, config },
          onNotice: () => undefined,
          onMetrics: () => undefined,
        }),
      ).rejects.toThrow(
        /^No checkpoint in .* can be resumed \(checkpoints\/step-0000003: state\.json does not match its checksum; .*\)\. Nothing was started or deleted\./,
      );
      expect(await steps(out)).toEqual(before);
    },
  );

  it('two runs cannot share one output folder; a lock left by a dead process is taken over', async () => {
    const folder = await pngFolder([[200, 20, 20]], 4);
    const out = await tempDir('locked');
    const held = await lockRunFolder(out);
    const job = {
      folder,
      outDir: out,
      resume: false,
      width: 4,
      config: tinyConfig({ steps: 1, batch: 2 }),
    };
    const sinks = { onNotice: () => undefined, onMetrics: () => undefined };
    await expect(runTrainingJob({ job, ...sinks })).rejects.toThrow(
      `${out} is being trained into by another run (process ${process.pid}`,
    );
    await held.release();
    // A crashed run's lock: its process no longer exists.
    await writeFile(
      runLockPath(out),
      JSON.stringify({
        pid: 2 ** 22 + 12345,
        host: (await import('node:os')).hostname(),
        token: 'x',
        what: 'A training run',
        since: 'then',
      }),
    );
    expect((await runTrainingJob({ job, ...sinks })).state).toBe('finished');
  }, 300_000);
});

describe('resume in the app', () => {
  it(
    'train.start: the status line says how the resume began; nothing to resume is refused at once',
    { timeout: 300_000 },
    async () => {
      const { folder, out } = await stoppedRun();
      const temp = await openTempStudio('browser');
      const states: EventPayload<'train.state'>[] = [];
      temp.studio.onEvent((event, payload) => {
        if (event === 'train.state') states.push(payload as EventPayload<'train.state'>);
      });
      try {
        const started = await dispatch(temp.studio.handlers, 'train.start', {
          folder,
          out,
          resume: true,
          config: { ...config, extractor: TINY_EXTRACTOR, evalEvery: 0 },
        });
        expect(started.ok, JSON.stringify(started)).toBe(true);
        const deadline = Date.now() + 240_000;
        while (
          !states.some((s) => s.state === 'finished' || s.state === 'failed') &&
          Date.now() < deadline
        )
          await new Promise((r) => setTimeout(r, 100));
        const running = states.find((s) => s.state === 'running');
        expect(running?.message).toBe(
          'Resumed from step 2 (checkpoints/step-0000002); skipped checkpoints/step-0000003 (state.json does not match its checksum).',
        );
        expect(states.at(-1)?.state).toBe('finished');
        const listed = await dispatch(temp.studio.handlers, 'train.list', {});
        if (!listed.ok) throw new Error(listed.error.message);
        const { runs } = listed.value as { runs: TrainRun[] };
        expect(runs[0]!.notices?.some((n) => /Resuming from step 2/.test(n))).toBe(true);

        // The run finished: a fresh out folder with nothing in it has nothing to resume.
        const empty = await tempDir('empty');
        const refused = await dispatch(temp.studio.handlers, 'train.start', {
          folder,
          out: empty,
          resume: true,
          config,
        });
        expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
        expect(!refused.ok && refused.error.message).toMatch(
          /nothing to resume in .*: it holds no checkpoints/,
        );
      } finally {
        await temp.close();
      }
    },
  );
});
