import { existsSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainProgress, TrainState } from '../../main/contract/training-schemas';
import {
  forkTrainingProcess,
  TrainingProcessHost,
  type TrainingChild,
} from '../../main/engine/training/process/host';
import { pngFolder, tempDir, tinyConfig } from './fixtures';

const entry = join(import.meta.dirname, '../../main/engine/training/process/train-process.ts');

async function until(check: () => boolean, what: string, ms = 120_000): Promise<void> {
  const t0 = Date.now();
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  if (process.env.DEBUG_UNTIL) console.log(what, Date.now() - t0);
}

describe('TrainingProcessHost', () => {
  it(
    'runs training in a child: progress, preview, pause, resume, cancel with a checkpoint',
    { timeout: 300_000 },
    async () => {
      const progress: TrainProgress[] = [];
      const states: TrainState[] = [];
      const previews: { width: number; height: number; rgba: Uint8Array }[] = [];
      const host = new TrainingProcessHost({
        entry,
        execArgv: ['--import', 'tsx'],
        onProgress: (p) => progress.push(p),
        onState: (s) => states.push(s.state),
        onPreview: (p) => previews.push(p.frame),
      });
      const folder = await pngFolder(
        [
          [250, 200, 0],
          [0, 90, 200],
        ],
        4,
      );
      const out = await tempDir('host');
      const run = host.start({
        folder,
        outDir: out,
        resume: false,
        width: 2,
        backend: 'wasm',
        config: tinyConfig({ steps: 100_000, batch: 2, previewEvery: 2, checkpointEvery: 1000 }),
      });
      await until(() => progress.length >= 2 && previews.length >= 1, 'progress and a preview');
      expect(progress[0]).toMatchObject({
        runId: run.runId,
        step: 1,
        totalSteps: 100_000,
        // runtime 'auto' compiles the step for onnxruntime; the tfjs backend only serves sampling.
        backend: expect.stringMatching(/^onnxruntime/) as unknown,
      });
      expect(previews[0]).toMatchObject({ width: 128, height: 128 });
      expect(previews[0]!.rgba).toBeInstanceOf(Uint8Array);
      expect(previews[0]!.rgba.length).toBe(128 * 128 * 4);

      host.control(run.runId, 'pause');
      await until(() => states.includes('paused'), 'paused');
      const atPause = progress.length;
      await new Promise((r) => setTimeout(r, 800));
      expect(progress.length).toBe(atPause);

      host.control(run.runId, 'resume');
      await until(() => progress.length >= atPause + 2, 'progress after resume');
      host.control(run.runId, 'cancel');
      const ended = await host.wait(run.runId);
      expect(ended.state).toBe('stopped');
      expect(states).toEqual(
        expect.arrayContaining(['starting', 'running', 'paused', 'stopping', 'stopped']),
      );
      const { checkpointDir } = host.folders(run.runId);
      expect(checkpointDir).toMatch(/step-\d{7}$/);
      expect(existsSync(join(checkpointDir!, 'manifest.json'))).toBe(true);
    },
  );

  it(
    'reports a crashed child in words and keeps going; the last checkpoint survives',
    { timeout: 300_000 },
    async () => {
      let child: TrainingChild | null = null;
      const checkpoints: string[] = [];
      const host = new TrainingProcessHost({
        entry,
        execArgv: ['--import', 'tsx'],
        spawn: (e, o) => (child = forkTrainingProcess(e, o)),
        onCheckpoint: (c) => checkpoints.push(c.dir),
      });
      const folder = await pngFolder([[10, 10, 10]], 3);
      const run = host.start({
        folder,
        outDir: await tempDir('crash'),
        resume: false,
        width: 2,
        backend: 'wasm',
        config: tinyConfig({ steps: 100_000, batch: 2, checkpointEvery: 2 }),
      });
      await until(() => checkpoints.length >= 1, 'a checkpoint');
      child!.kill('SIGKILL');
      const ended = await host.wait(run.runId);
      expect(ended.state).toBe('failed');
      expect(ended.message).toMatch(/killed \(SIGKILL\).*last checkpoint .*step-\d{7}.* is kept/);
      expect(existsSync(join(checkpoints[0]!, 'manifest.json'))).toBe(true);
      expect(host.list().map((r) => r.state)).toEqual(['failed']);
    },
  );
});

/**
 * A stand-in training process that never gets to a step: it takes every message and ignores
 * 'cancel' (as a real one does while it converts an extractor), and dies only when killed.
 */
class BusyChild extends EventEmitter implements TrainingChild {
  readonly sent: string[] = [];
  killedWith: NodeJS.Signals | null = null;
  send(message: { type: string }): boolean {
    this.sent.push(message.type);
    return true;
  }
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.killedWith = signal;
    setImmediate(() => this.emit('exit', null, signal));
    return true;
  }
}

describe('closing the host (the app quits, serve gets SIGTERM)', () => {
  it('asks a run to stop, and kills it when it has not stopped within the grace period', async () => {
    const child = new BusyChild();
    const host = new TrainingProcessHost({ entry, spawn: () => child });
    const run = host.start({
      folder: '/nowhere',
      outDir: '/nowhere/run',
      resume: false,
      width: 2,
      backend: 'wasm',
      config: tinyConfig(),
    });
    const t0 = Date.now();
    await host.dispose(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(child.sent).toEqual(['start', 'cancel']);
    expect(child.killedWith).toBe('SIGKILL');
    const ended = await host.wait(run.runId);
    expect(ended.state).toBe('failed');
    expect(ended.message).toMatch(/killed \(SIGKILL\)/);
  });
});
