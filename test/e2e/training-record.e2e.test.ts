import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMetricsLog } from '../../main/engine/training/detectors/metrics-log';
import { chromiumMissingReason } from '../support/chromium';
import {
  E2E_ARTIFACTS as ARTIFACTS,
  openStudioPage,
  type StudioPage,
} from '../support/studio-page';
import { REPO_ROOT } from '../support/temp-studio';
import { writeSquarePng } from '../evaluation/report-fixture';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the training-record end-to-end test: ${missing}`);

const TINY_EXTRACTOR = join(REPO_ROOT, 'test', 'fixtures', 'extractors', 'tiny-extractor.onnx');
/** The bundled VAE's record, by the `<name>.training/` convention. */
const RECORD = join(REPO_ROOT, 'assets', 'models', 'fashion-mnist-vae.training');
let work: string;
let studio: StudioPage | undefined;
let page: Page;

const byId = (id: string) => page.getByTestId(id);
/** Vertices of each drawn line of a chart (M + L commands of its paths). */
const lineVertices = (chart: string) =>
  byId(chart)
    .locator('path.chart-line')
    .evaluateAll((paths) =>
      paths.map((p) => (p.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0),
    );

describe.skipIf(missing !== null)('training record end to end (real serve, real Chromium)', () => {
  beforeAll(async () => {
    studio = await openStudioPage('latent-record-e2e-');
    ({ work, page } = studio);
  });

  afterAll(() => studio?.close());

  it('opens the bundled VAE’s training record from the model picker', async () => {
    const log = JSON.parse(await readFile(join(RECORD, 'training-log.json'), 'utf8')) as unknown[];
    const metrics = await readMetricsLog(join(RECORD, 'metrics.jsonl'));
    // The default model (the emoji GAN) is open first; its VAE neighbour logs three curves.
    await expect
      .poll(() => byId('model-picker').inputValue(), { timeout: 30_000 })
      .toBe('bundled-emoji-faces-gan');
    await byId('model-picker').selectOption('bundled-fashion-mnist-vae');
    await expect.poll(() => byId('model-picker').inputValue()).toBe('bundled-fashion-mnist-vae');
    await byId('model-record').click();
    await byId('screen-train').waitFor();
    await byId('training-record').waitFor();
    expect(await byId('record-steps').textContent()).toContain(
      `${log.length.toLocaleString('en-US')} steps logged`,
    );
    // A VAE logs loss, recon and kl: three curves, each with a point per logged step (≤ 2000).
    const losses = await lineVertices('loss-chart');
    expect(losses).toHaveLength(3);
    for (const n of losses) expect(n).toBeGreaterThan(100);
    // The bundled run logged FID/KID every 100 steps: the record charts every point, falling.
    const evals = metrics.flatMap((m) => (m.eval ? [m.eval] : []));
    expect(evals.length).toBeGreaterThan(5);
    expect(evals.at(-1)!.fid).toBeLessThan(evals[0]!.fid / 2);
    expect((await lineVertices('fid-chart'))[0]).toBe(evals.length);
    expect((await lineVertices('kid-chart'))[0]).toBeGreaterThanOrEqual(evals.length);
    await page.screenshot({ path: join(ARTIFACTS, 'training-record.png') });
  });

  it('closes, and opens again through the palette command', async () => {
    await byId('record-close').click();
    await byId('training-record').waitFor({ state: 'detached' });
    await page.keyboard.press('1');
    await byId('screen-explore').waitFor();
    await page.keyboard.press('Control+K');
    await byId('command-palette').locator('input').fill('show training record');
    await page.keyboard.press('Enter');
    await byId('training-record').waitFor();
    expect(await byId('training-record').locator('h2').textContent()).toMatch(/Fashion-MNIST/i);
  });

  it('the settings show the detector defaults and take an ONNX extractor path', async () => {
    await byId('record-close').click();
    const folder = join(work, 'images');
    await mkdir(folder, { recursive: true });
    for (let i = 0; i < 24; i++)
      await writeSquarePng(join(folder, `img-${String(i).padStart(2, '0')}.png`), 28, [
        (37 * i) % 256,
        90 + 5 * i,
        220 - 7 * i,
      ]);
    await byId('train-folder-input').fill(folder);
    await byId('train-scan-button').click();
    await byId('train-eval-every').waitFor({ timeout: 30_000 });
    expect(await byId('train-eval-every').inputValue()).toBe('500');
    expect(await byId('train-eval-samples').inputValue()).toBe('500');
    expect(await byId('train-extractor').inputValue()).toBe('inception');
    await byId('train-extractor').selectOption('onnx');
    const settings = () => page.getByRole('group').first().textContent();
    expect(await settings()).toMatch(/until then InceptionV3 is used/);
    await byId('train-extractor-path').fill('/models/my-extractor.onnx');
    expect(await settings()).not.toMatch(/until then/);
    await byId('train-eval-every').fill('50');
    await byId('train-eval-every').press('Tab');
    expect(await byId('train-extractor').inputValue()).toBe('onnx');
    expect(await byId('train-eval-every').inputValue()).toBe('50');
  });

  it('after a reload, a finished run’s loss and FID/KID charts come back from its record', async () => {
    await byId('train-extractor-path').fill(TINY_EXTRACTOR);
    await byId('train-eval-every').fill('2');
    await byId('train-eval-samples').fill('20');
    await byId('train-family').selectOption('gan');
    await expect.poll(() => byId('train-family').inputValue()).toBe('gan');
    await byId('train-steps').fill('4');
    await byId('train-batch').fill('4');
    await byId('train-preview-every').fill('2');
    await byId('train-checkpoint-every').fill('2');
    await byId('train-start-button').click();
    const state = () => byId('train-state').getAttribute('data-state');
    await expect.poll(state, { timeout: 120_000 }).toBe('finished');

    await page.reload();
    await byId('runtime-info').waitFor();
    await page.keyboard.press('2');
    await expect.poll(state, { timeout: 20_000 }).toBe('finished');
    // GAN losses d and g, one vertex per step; FID at steps 2 and 4 — read from disk.
    await expect.poll(() => lineVertices('loss-chart'), { timeout: 20_000 }).toEqual([4, 4]);
    await expect.poll(() => lineVertices('fid-chart')).toEqual([2]);
    await page.screenshot({ path: join(ARTIFACTS, 'training-record-reload.png') });
  }, 180_000);
});
