import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../main/contract/channels';
import type { TrainHistory } from '../../main/contract/training-schemas';
import {
  loadLatestCheckpoint,
  METRICS_FILE,
  refreshModelMetrics,
} from '../../main/engine/training/checkpoint';
import { buildManifest, MANIFEST, verifyFolder } from '../../main/engine/training/checkpoint-files';
import { readMetricsLog } from '../../main/engine/training/detectors/metrics-log';
import { downsample, HISTORY_POINTS } from '../../main/engine/training/training-record';
import { openTempStudio } from '../support/temp-studio';
import { TINY_EXTRACTOR, TRAIN_FOLDER } from './detector-fixtures';
import { tinyConfig } from './fixtures';

type Engine = Awaited<ReturnType<typeof openTempStudio>>;
let engine: Engine;
let out: string;
/** Every train.preview event of the engine, in order. */
const previewEvents: EventPayload<'train.preview'>[] = [];

/** Starts a run through the real handler and waits for its final train.state event. */
async function runToEnd(steps: number, resume: boolean): Promise<EventPayload<'train.state'>> {
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
    steps,
    batch: 4,
    previewEvery: 2,
    checkpointEvery: 2,
    evalEvery: 2,
    evalSamples: 20,
    extractor: TINY_EXTRACTOR,
  });
  await engine.studio.handlers['train.start']({ folder: TRAIN_FOLDER, config, out, resume });
  return ended;
}

const history = (req: { runId: string } | { modelId: string }): Promise<TrainHistory> =>
  engine.studio.handlers['train.history'](req);
const stepsWith = (h: TrainHistory, key: 'eval' | 'collapse') =>
  h.metrics.filter((m) => m[key]).map((m) => m.step);

describe('train.history: a run’s whole record survives, in its folders and in the library', () => {
  beforeAll(async () => {
    engine = await openTempStudio();
    engine.studio.onEvent((name, payload) => {
      if (name === 'train.preview') previewEvents.push(payload as EventPayload<'train.preview'>);
    });
    out = await mkdtemp(join(tmpdir(), 'latent-history-'));
  });
  afterAll(async () => {
    await engine?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  let firstRun = '';
  it(
    'a finished run: history by run id and by model id, metrics.jsonl in model/ and checkpoints',
    { timeout: 240_000 },
    async () => {
      const done = await runToEnd(4, false);
      expect(done.state, done.message ?? '').toBe('finished');
      expect(done.modelId).toBeTruthy();
      firstRun = done.runId;

      // model/ carries the whole metrics log, the final FID/KID point included, and verifies.
      const modelDir = join(out, 'model');
      expect(typeof (await verifyFolder(modelDir, [METRICS_FILE]))).toBe('object');
      const inModel = await readMetricsLog(join(modelDir, METRICS_FILE));
      expect(inModel.filter((m) => m.eval).map((m) => m.step)).toEqual([2, 4]);
      expect(inModel.length).toBe((await readMetricsLog(join(out, METRICS_FILE))).length);
      // Each checkpoint holds the entries up to its own step, listed in its manifest.
      for (const name of await readdir(join(out, 'checkpoints'))) {
        const dir = join(out, 'checkpoints', name);
        expect(typeof (await verifyFolder(dir, [METRICS_FILE]))).toBe('object');
        const step = Number(name.slice(5));
        const copy = await readMetricsLog(join(dir, METRICS_FILE));
        expect(copy.length).toBeGreaterThan(0);
        expect(copy.every((m) => m.step <= step)).toBe(true);
      }

      const byRun = await history({ runId: done.runId });
      expect(byRun.stepCount).toBe(4);
      expect(byRun.steps.map((s) => s.step)).toEqual([1, 2, 3, 4]);
      expect(Object.keys(byRun.steps[0]!.losses).sort()).toEqual(['d', 'g']);
      expect(stepsWith(byRun, 'eval')).toEqual([2, 4]);
      expect(stepsWith(byRun, 'collapse')).toEqual([2, 4]);
      expect(byRun.metrics.every((m) => (m.memorization?.pairs.length ?? 0) === 0)).toBe(true);
      expect(byRun.config?.steps).toBe(4);

      // Its last preview grid is in its out folder: a reopened run shows it (train.lastPreview).
      const shown = previewEvents.filter((e) => e.runId === done.runId).at(-1)!;
      const { preview } = await engine.studio.handlers['train.lastPreview']({ runId: done.runId });
      expect([shown.step, preview?.step]).toEqual([4, 4]);
      expect(preview?.frame).toMatchObject({
        width: shown.frame.width,
        height: shown.frame.height,
      });
      expect(Buffer.from(preview!.frame.rgba).equals(Buffer.from(shown.frame.rgba))).toBe(true);
      await expect(
        engine.studio.handlers['train.lastPreview']({ runId: 'run-nope' }),
      ).rejects.toThrow(/no training run run-nope/);

      // The library model finds its record beside its file (it outlives the run).
      const byModel = await history({ modelId: done.modelId! });
      expect(byModel.source).toMatch(/\.training$/);
      expect(byModel.steps).toEqual(byRun.steps);
      expect(byModel.metrics).toEqual(byRun.metrics);
      expect(byModel.config?.family).toBe('gan');
    },
  );

  it('a FID/KID point that lands after model/ was written is added to it, manifest and all', async () => {
    const late = {
      step: 4,
      extractor: 'late',
      eval: { fid: 1, kid: { mean: 0, std: 0 }, n: 1, nReal: 1 },
    };
    const before = await readMetricsLog(join(out, 'model', METRICS_FILE));
    const runLog = join(out, METRICS_FILE);
    const original = await readFile(runLog, 'utf8');
    await writeFile(runLog, `${original}${JSON.stringify(late)}\n`);
    try {
      expect(await refreshModelMetrics(out)).toBe(true);
      const after = await readMetricsLog(join(out, 'model', METRICS_FILE));
      expect(after).toEqual([...before, late]);
      expect(typeof (await verifyFolder(join(out, 'model'), [METRICS_FILE]))).toBe('object');
      expect(await refreshModelMetrics(out)).toBe(false); // already up to date
    } finally {
      await writeFile(runLog, original);
    }
  });

  it(
    'after a resume: one step log and one metrics history, with the resumed steps',
    { timeout: 240_000 },
    async () => {
      const done = await runToEnd(6, true);
      expect(done.state, done.message ?? '').toBe('finished');
      const h = await history({ runId: done.runId });
      expect(h.steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(stepsWith(h, 'eval')).toEqual([2, 4, 6]);
      expect(stepsWith(h, 'collapse')).toEqual([2, 4, 6]);
      // The first run's record reads the same folder: it shows the run as it is now.
      expect((await history({ runId: firstRun })).stepCount).toBe(6);
      const byModel = await history({ modelId: done.modelId! });
      expect(stepsWith(byModel, 'eval')).toEqual([2, 4, 6]);
      expect(typeof (await verifyFolder(join(out, 'model'), [METRICS_FILE]))).toBe('object');
    },
  );

  it('an older checkpoint without metrics.jsonl still loads', async () => {
    const root = join(out, 'checkpoints');
    const newest = (await readdir(root)).sort().at(-1)!;
    const dir = join(root, newest);
    await rm(join(dir, METRICS_FILE));
    await writeFile(join(dir, MANIFEST), JSON.stringify(await buildManifest(dir, 6)));
    const loaded = await loadLatestCheckpoint(out);
    expect(loaded?.dir).toBe(dir);
    expect(loaded?.snapshot.step).toBe(6);
  });

  it.each([
    ['fashion-mnist-vae', 'vae'],
    ['emoji-faces-gan', 'gan'],
  ] as const)(
    'the bundled %s: its record from <name>.training/ beside the .onnx',
    async (name, family) => {
      const h = await history({ modelId: `bundled-${name}` });
      const log = JSON.parse(
        await readFile(join(h.source, 'training-log.json'), 'utf8'),
      ) as unknown[];
      expect(h.source.endsWith(`${name}.training`)).toBe(true);
      expect(h.stepCount).toBe(log.length);
      expect(h.steps.length).toBe(Math.min(log.length, HISTORY_POINTS));
      expect(h.steps.at(-1)?.step).toBe(log.length);
      expect(h.config?.family).toBe(family);
      const metrics = await readMetricsLog(join(h.source, METRICS_FILE));
      expect(h.metrics.length).toBe(metrics.length);
      // Its live FID/KID fell over the run (the "falling FID/KID" for the default model).
      const fids = h.metrics.flatMap((m) => (m.eval ? [m.eval.fid] : []));
      expect(fids.length).toBeGreaterThan(5);
      expect(fids.at(-1)!).toBeLessThan(fids[0]! / 2);
    },
  );

  it('refuses unknown runs and models without a record, in words', async () => {
    await expect(history({ runId: 'run-nope' })).rejects.toThrow(/no training run run-nope/);
    await expect(history({ modelId: 'bundled-placeholder-cppn' })).rejects.toThrow(
      /has no training record: there is no .*placeholder-cppn\.training.training-log\.json/,
    );
  });

  it('a damaged record names the file', async () => {
    const { modelId } = (await engine.studio.handlers['train.list']({})).runs.at(-1)!;
    const bad = join((await history({ modelId: modelId! })).source, 'training-log.json');
    await writeFile(bad, '[{"step": "one"}]');
    const escaped = bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await expect(history({ modelId: modelId! })).rejects.toThrow(
      new RegExp(`${escaped} is not a training log`),
    );
  });

  it('downsamples long logs to evenly spaced points, keeping the first and the last', () => {
    const steps = Array.from({ length: 5001 }, (_, i) => i + 1);
    const kept = downsample(steps);
    expect(kept.length).toBe(HISTORY_POINTS);
    expect(kept[0]).toBe(1);
    expect(kept.at(-1)).toBe(5001);
    expect(new Set(kept).size).toBe(HISTORY_POINTS);
    expect(downsample([1, 2, 3])).toEqual([1, 2, 3]);
  });
});
