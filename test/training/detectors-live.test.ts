import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainMetrics, TrainRun } from '../../main/contract/training-schemas';
import { TrainingProcessHost } from '../../main/engine/training/process/host';
import { TINY_EXTRACTOR, TRAIN_FOLDER } from './detector-fixtures';
import { tempDir, tinyConfig } from './fixtures';

const entry = join(import.meta.dirname, '../../main/engine/training/process/train-process.ts');

/** Runs one job in a real training process and collects its train.metrics events. */
async function runJob(job: Parameters<TrainingProcessHost['start']>[0]) {
  const metrics: TrainMetrics[] = [];
  const notices: string[] = [];
  const host = new TrainingProcessHost({
    entry,
    execArgv: ['--import', 'tsx'],
    onMetrics: (m) => metrics.push(m),
    onNotice: (n) => notices.push(n.message),
  });
  const run = host.start(job);
  const ended: TrainRun = await host.wait(run.runId);
  return { metrics, notices, ended };
}

const finite = (v: number) => Number.isFinite(v);

describe('live detectors in a real training run', () => {
  it(
    'GAN: diversity, nearest pairs and FID/KID arrive with finite values, logged and replayed on resume',
    { timeout: 240_000 },
    async () => {
      const out = await tempDir('detectors');
      const config = tinyConfig({
        steps: 4,
        batch: 4,
        previewEvery: 2,
        checkpointEvery: 2,
        evalEvery: 2,
        evalSamples: 20,
        extractor: TINY_EXTRACTOR,
      });
      const job = { folder: TRAIN_FOLDER, outDir: out, width: 2, backend: 'wasm' as const };
      const first = await runJob({ ...job, config, resume: false });
      expect(first.ended.state).toBe('finished');
      const collapse = first.metrics.filter((m) => m.collapse);
      expect(collapse.map((m) => m.step)).toEqual([2, 4]);
      for (const m of collapse) {
        expect(m.extractor).toMatch(/tiny-extractor/);
        expect(finite(m.collapse!.diversity) && m.collapse!.diversity > 0).toBe(true);
        expect(m.collapse!.nearDupShare).toBeGreaterThanOrEqual(0);
        expect(m.memorization!.pairs).toHaveLength(16);
        const pair = m.memorization!.pairs[0]!;
        expect(pair.file.startsWith(TRAIN_FOLDER)).toBe(true);
        expect(finite(pair.distance)).toBe(true);
        expect(pair.sampleRgba.length).toBe(pair.thumb * pair.thumb * 4);
        expect(pair.trainRgba.length).toBe(pair.thumb * pair.thumb * 4);
      }
      const evals = first.metrics.filter((m) => m.eval);
      expect(evals.map((m) => m.step)).toEqual([2, 4]);
      for (const m of evals) {
        expect(finite(m.eval!.fid) && m.eval!.fid > 0).toBe(true);
        expect(finite(m.eval!.kid.mean) && finite(m.eval!.kid.std)).toBe(true);
        expect(m.eval).toMatchObject({ n: 20, nReal: 96 });
      }
      const logged = (await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n');
      expect(logged.length).toBe(first.metrics.length);

      // Resume the finished run for 2 more steps: the history is replayed, then new points follow.
      const second = await runJob({ ...job, config: { ...config, steps: 6 }, resume: true });
      expect(second.ended.state).toBe('finished');
      const steps = (k: keyof TrainMetrics) =>
        second.metrics.filter((m) => m[k]).map((m) => m.step);
      expect(steps('eval')).toEqual([2, 4, 6]);
      expect(steps('collapse')).toEqual([2, 4, 6]);
      const relogged = (await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n');
      expect(relogged.length).toBe(second.metrics.length);
    },
  );

  it(
    'VAE: a held-out split is left out of training and its loss is charted against the training loss',
    { timeout: 240_000 },
    async () => {
      const out = await tempDir('heldout');
      const { metrics, notices, ended } = await runJob({
        folder: TRAIN_FOLDER,
        outDir: out,
        width: 2,
        backend: 'wasm',
        resume: false,
        config: tinyConfig({
          family: 'vae',
          steps: 4,
          previewEvery: 2,
          evalEvery: 0,
          extractor: '/nowhere/missing.onnx',
        }),
      });
      expect(ended.state).toBe('finished');
      expect(notices.some((n) => /5 of 96 images are held out/.test(n))).toBe(true);
      const recon = metrics.filter((m) => m.recon);
      expect(recon.map((m) => m.step)).toEqual([2, 4]);
      for (const m of recon) {
        expect(m.recon!.heldOutCount).toBe(5);
        expect(finite(m.recon!.heldOut) && m.recon!.heldOut > 0).toBe(true);
        expect(finite(m.recon!.train) && m.recon!.train > 0).toBe(true);
      }
      // The extractor cannot open: training went on, and the dashboard is told why in words.
      const status = metrics.find((m) => m.status);
      expect(status?.status).toMatch(
        /Detectors and FID\/KID are off: the feature extractor could not be opened — .*missing/,
      );
      expect(metrics.some((m) => m.collapse || m.eval)).toBe(false);
    },
  );
});
