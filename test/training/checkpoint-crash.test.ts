import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLatestCheckpoint } from '../../main/engine/training/checkpoint';
import { train } from '../../main/engine/training/trainer';
import { solidSource, tempDir, tinyConfig } from './fixtures';

const overrides = { steps: 6, batch: 2, checkpointEvery: 2, keepCheckpoints: 5 };

async function waitFor(check: () => boolean, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('checkpoints survive a crash', () => {
  it(
    'kill -9 while step 4 is being written: resume takes step 2 and ends like an unbroken run',
    { timeout: 600_000 },
    async () => {
      const out = await tempDir('kill');
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'train-child.ts')],
        {
          env: {
            ...process.env,
            TRAIN_CHILD: JSON.stringify({ outDir: out, overrides }),
            LATENT_STUDIO_TEST_PAUSE_IN_CHECKPOINT: '4',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      // state.json is written just before the hook stalls the write: the folder is mid-checkpoint.
      await waitFor(
        () =>
          existsSync(join(out, 'checkpoints', '.tmp-4', 'state.json')) || child.exitCode !== null,
        'the paused checkpoint',
      );
      expect(child.exitCode, stderr).toBeNull();
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const left = await readdir(join(out, 'checkpoints'));
      expect(left.sort()).toEqual(['.tmp-4', 'step-0000002']);

      const notices: string[] = [];
      const resumed = await train({
        loader: solidSource([
          [200, 40, 40],
          [30, 30, 220],
        ]),
        config: tinyConfig(overrides),
        outDir: out,
        width: 4,
        resume: true,
        onNotice: (m) => notices.push(m),
      });
      expect(notices.join('\n')).toMatch(/Resuming from step 2/);
      expect(resumed).toMatchObject({ state: 'finished', step: 6 });
      expect((await readdir(join(out, 'checkpoints'))).sort()).toEqual([
        'step-0000002',
        'step-0000004',
        'step-0000006',
      ]);

      const straight = await train({
        loader: solidSource([
          [200, 40, 40],
          [30, 30, 220],
        ]),
        config: tinyConfig(overrides),
        outDir: await tempDir('kill-ref'),
        width: 4,
      });
      const a = await loadLatestCheckpoint(out);
      const b = await loadLatestCheckpoint(join(straight.modelDir!, '..'));
      let worst = 0;
      for (const [name, t] of Object.entries(a!.state))
        t.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b!.state[name]![i]!))));
      console.log(`after kill -9 + resume vs unbroken run (onnxruntime): max |Δweight| = ${worst}`);
      expect(worst).toBeLessThanOrEqual(1e-6);
    },
  );

  it(
    'a damaged newest checkpoint is passed over, with the reason in words',
    { timeout: 600_000 },
    async () => {
      const out = await tempDir('damaged');
      await train({
        loader: solidSource([[10, 200, 10]]),
        config: tinyConfig({ ...overrides, steps: 4 }),
        outDir: out,
        width: 4,
      });
      await writeFile(
        join(out, 'checkpoints', 'step-0000004', 'tensors.bin'),
        new Uint8Array([1, 2, 3]),
      );
      const reasons: string[] = [];
      const loaded = await loadLatestCheckpoint(out, (dir, why) => reasons.push(`${dir}: ${why}`));
      expect(loaded?.snapshot.step).toBe(2);
      expect(reasons).toEqual([
        expect.stringMatching(/step-0000004: tensors\.bin does not match its checksum/),
      ]);
    },
  );
});
