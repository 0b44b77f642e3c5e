import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../main/contract/channels';
import { dispatch, type DispatchResult } from '../../main/contract/dispatch';
import { evalReportSchema, type EvalReport } from '../../main/contract/eval-schemas';
import { REPO_ROOT, openTempStudio } from '../support/temp-studio';
import { writeSquarePng } from './report-fixture';

const EXTRACTOR = join(REPO_ROOT, 'test', 'fixtures', 'extractors', 'tiny-extractor.onnx');
let temp: Awaited<ReturnType<typeof openTempStudio>>;
let work: string;
let real: string;
const events: { event: EventName; payload: unknown }[] = [];

const call = (channel: string, payload: unknown): Promise<DispatchResult> =>
  dispatch(temp.studio.handlers, channel, payload);
async function ok<T>(channel: string, payload: unknown): Promise<T> {
  const res = await call(channel, payload);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

beforeAll(async () => {
  temp = await openTempStudio();
  temp.studio.onEvent((event, payload) => events.push({ event, payload }));
  work = await mkdtemp(join(tmpdir(), 'latent-eval-channels-'));
  real = join(work, 'real');
  for (let i = 0; i < 8; i++)
    await writeSquarePng(join(real, `r${i}.png`), 32, [40 + 25 * i, 200 - 20 * i, 90]);
});

afterAll(async () => {
  await temp?.close();
  await rm(work, { recursive: true, force: true });
});

describe('the eval channels', () => {
  let report: EvalReport;

  it('eval.run evaluates the default model against a folder, as a job with progress', async () => {
    const modelId = (await ok<{ defaultModelId: string }>('app.info', {})).defaultModelId;
    const value = await ok<unknown>('eval.run', {
      metrics: ['fid', 'kid', 'memorization'],
      fake: { kind: 'model', model: modelId, count: 8, seed: 3 },
      real: { kind: 'folder', path: real },
      extractor: EXTRACTOR,
      jobId: 'eval-1',
      count: 8,
    });
    report = evalReportSchema.parse(value);
    expect(report.extractor.dim).toBe(64);
    expect([report.fake.n, report.real?.n]).toEqual([8, 8]);
    expect(report.order[0]).toBe('kid'); // a small sample: KID first
    expect(Number.isFinite(report.results.fid?.value)).toBe(true);
    const pairs = report.results.memorization?.pairs ?? [];
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs[0]!.seed).toBeGreaterThanOrEqual(3);
    const progress = events.filter(
      (e) => e.event === 'job.progress' && (e.payload as { jobId: string }).jobId === 'eval-1',
    );
    expect(progress.length).toBeGreaterThan(1);
  });

  it('eval.history lists it under the model, and under no other', async () => {
    const key = report.modelKey!;
    const mine = await ok<{ reports: EvalReport[] }>('eval.history', { modelKey: key });
    expect(mine.reports.map((r) => r.id)).toEqual([report.id]);
    const other = await ok<{ reports: EvalReport[] }>('eval.history', {
      modelKey: 'no-such-model',
    });
    expect(other.reports).toEqual([]);
    const all = await ok<{ reports: EvalReport[] }>('eval.history', {});
    expect(all.reports.map((r) => r.id)).toContain(report.id);
  });

  it('eval.exportReport writes HTML with re-rendered samples and a PNG that decodes', async () => {
    const html = join(work, 'report.html');
    expect(await ok('eval.exportReport', { id: report.id, format: 'html', path: html })).toEqual({
      path: html,
    });
    const text = await readFile(html, 'utf8');
    expect(text).toContain(report.results.fid!.value.toFixed(2));
    expect(text).toContain(report.extractor.id);
    const pictures = text.match(/src="data:image\/png;base64,/g) ?? [];
    // Both pictures of every pair: the model samples were re-rendered by seed.
    expect(pictures.length).toBe(2 * Math.min(24, report.results.memorization!.pairs.length));

    const png = join(work, 'report.png');
    await ok('eval.exportReport', { id: report.id, format: 'png', path: png });
    const meta = await sharp(png).metadata();
    expect(meta.width).toBe(960);
    expect((await sharp(png).stats()).channels[1]!.stdev).toBeGreaterThan(5);

    const missing = await call('eval.exportReport', { id: 'nope', format: 'png', path: png });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('eval.thumbnail gives small RGBA of image files only, naming the file otherwise', async () => {
    const thumb = await ok<{ width: number; height: number; rgba: Uint8Array }>('eval.thumbnail', {
      path: join(real, 'r0.png'),
      size: 16,
    });
    expect([thumb.width, thumb.height, thumb.rgba.length]).toEqual([16, 16, 1024]);
    const bad = await call('eval.thumbnail', { path: join(work, 'report.html'), size: 16 });
    expect(bad).toMatchObject({ ok: false, error: { message: /report\.html is not an image/ } });
  });

  it('job.cancel stops a running evaluation with CANCELLED, and nothing is saved', async () => {
    const modelId = (await ok<{ defaultModelId: string }>('app.info', {})).defaultModelId;
    const running = call('eval.run', {
      metrics: ['fid'],
      fake: { kind: 'model', model: modelId, count: 4000 },
      real: { kind: 'folder', path: real },
      extractor: EXTRACTOR,
      jobId: 'eval-cancel',
    });
    const started = () =>
      events.some((e) => (e.payload as { jobId?: string }).jobId === 'eval-cancel');
    await expect.poll(started, { timeout: 20_000 }).toBe(true);
    expect(await ok('job.cancel', { jobId: 'eval-cancel' })).toEqual({ cancelled: true });
    expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    const after = await ok<{ reports: EvalReport[] }>('eval.history', {
      modelKey: report.modelKey,
    });
    expect(after.reports).toHaveLength(1);
  });
});
