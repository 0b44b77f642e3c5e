import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason } from '../support/chromium';
import {
  E2E_ARTIFACTS as ARTIFACTS,
  openStudioPage,
  type StudioPage,
} from '../support/studio-page';
import { REPO_ROOT } from '../support/temp-studio';
import { writeSquarePng } from '../evaluation/report-fixture';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the evaluation end-to-end test: ${missing}`);

const EXTRACTOR = join(REPO_ROOT, 'test', 'fixtures', 'extractors', 'tiny-extractor.onnx');
const LONG = 120_000;
let work: string;
let folder: string;
let studio: StudioPage | undefined;
let page: Page;

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `evaluate-${name}.png`) });
const byId = (id: string) => page.getByTestId(id);
const status = () => byId('eval-status').getAttribute('data-status');

describe.skipIf(missing !== null)('evaluation end to end (real serve, real Chromium)', () => {
  beforeAll(async () => {
    studio = await openStudioPage('latent-eval-e2e-');
    ({ work, page } = studio);
    folder = join(work, 'training');
    for (let i = 0; i < 12; i++)
      await writeSquarePng(join(folder, `img-${String(i).padStart(2, '0')}.png`), 28, [
        30 + 18 * i,
        220 - 15 * i,
        60 + 10 * i,
      ]);
  });

  afterAll(() => studio?.close());

  it(
    'opens Evaluate with key 3 and scores the default model against a folder',
    async () => {
      await expect.poll(() => byId('model-picker').inputValue(), { timeout: 30_000 }).not.toBe('');
      await page.keyboard.press('3');
      await byId('screen-evaluate').waitFor();
      expect(await byId('screen-explore').isVisible()).toBe(false);
      await byId('eval-real-path').fill(folder);
      await byId('eval-extractor').selectOption('onnx');
      await byId('eval-extractor-path').fill(EXTRACTOR);
      expect(await byId('eval-metric-fid').isChecked()).toBe(true);
      expect(await byId('eval-metric-kid').isChecked()).toBe(true);
      expect(await byId('eval-metric-memorization').isChecked()).toBe(true);
      await byId('eval-count').fill('12');
      await byId('eval-run-button').click();
      await expect.poll(status, { timeout: LONG }).toBe('done');

      const kid = (await byId('eval-value-kid').textContent()) ?? '';
      const fid = (await byId('eval-value-fid').textContent()) ?? '';
      // KID never shows a spread of ± 0.0000: with 12 images either its subsets are small enough
      // to vary (a real ±), or the row says why there is no spread.
      expect(kid).toMatch(/^-?\d+\.\d{4}( ± \d+\.\d{4})?$/);
      expect(kid).not.toMatch(/± 0\.0000$/);
      if (!kid.includes('±'))
        expect(await byId('eval-row-kid').textContent()).toMatch(/too few images for its subsets/);
      expect(fid).toMatch(/^\d+\.\d{2}$/);
      expect(await byId('eval-value-memorization').textContent()).toMatch(/\d+ of 12 flagged/);
      // KID leads on a sample this small, with FID's small-sample warning shown.
      const rows = await byId('eval-numbers')
        .locator('tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-metric')));
      expect(rows[0]).toBe('kid');
      expect(await byId('eval-warnings').textContent()).toMatch(/FID/);
      expect(await byId('eval-extractor-label').textContent()).toMatch(/tiny-extractor.*64-d/);
      expect(await byId('eval-results').textContent()).toMatch(/12 images/);

      // The nearest-neighbour gallery fills in: samples re-rendered by seed, training thumbnails.
      const firstPair = byId('eval-pair').first();
      await expect
        .poll(() => firstPair.getAttribute('data-loaded'), { timeout: 30_000 })
        .toBe('true');
      expect(await firstPair.locator('canvas').count()).toBe(2);
      expect(await byId('eval-history-item').count()).toBe(1);
      expect(await byId('eval-history-item').first().textContent()).toContain(kid);
      await shot('01-results');
    },
    LONG,
  );

  it('exports the HTML report with the numbers on screen', async () => {
    const fid = (await byId('eval-value-fid').textContent()) ?? '';
    await byId('eval-export-dir').fill(work);
    await byId('eval-export-html').click();
    await byId('eval-last-export').waitFor({ timeout: 30_000 });
    const id = await byId('eval-results').getAttribute('data-report-id');
    const path = join(work, `evaluation-${id}.html`);
    expect(await byId('eval-last-export').textContent()).toContain(path);
    const html = await readFile(path, 'utf8');
    expect(html).toContain(fid);
    expect(html).toContain('tiny-extractor');
    expect(html).toMatch(/src="data:image\/png;base64,/);
  });

  it(
    'cancels a larger run, says so, and the app keeps working',
    async () => {
      await byId('eval-count').fill('20000');
      await byId('eval-run-button').click();
      await byId('eval-cancel-button').waitFor({ timeout: 30_000 });
      await expect
        .poll(async () => (await byId('eval-status').textContent()) ?? '', { timeout: 60_000 })
        .toMatch(/\d+ of 20000/);
      await shot('02-running');
      await byId('eval-cancel-button').click();
      await expect.poll(status, { timeout: 60_000 }).toBe('cancelled');
      expect(await byId('eval-status').textContent()).toMatch(/Cancelled/);
      // The cancelled run saved nothing; the earlier result is still listed.
      expect(await byId('eval-history-item').count()).toBe(1);
      await shot('03-cancelled');

      // Evaluating again works, and two evaluations make a history chart.
      await byId('eval-count').fill('12');
      await byId('eval-run-button').click();
      await expect.poll(status, { timeout: LONG }).toBe('done');
      await expect.poll(() => byId('eval-history-item').count(), { timeout: 10_000 }).toBe(2);
      expect(await byId('eval-history-chart-kid').locator('path.chart-line').count()).toBe(1);
      await shot('04-history');

      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('1');
      await byId('screen-explore').waitFor();
      await byId('grid-tile-0').locator('canvas').waitFor({ timeout: 60_000 });

      // The palette knows the screen too.
      await page.keyboard.press('Control+K');
      await byId('command-palette').locator('input').fill('go to evaluate');
      await page.keyboard.press('Enter');
      await byId('screen-evaluate').waitFor();
      expect(await byId('eval-history-item').count()).toBe(2);
    },
    LONG,
  );
});
