import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePngRgba } from '../../main/engine/image/png';
import { readPngMetadata } from '../../main/engine/image/png-metadata';
import { chromiumMissingReason } from '../support/chromium';
import { pythonUnzip } from '../support/python-unzip';
import {
  E2E_ARTIFACTS as ARTIFACTS,
  openStudioPage,
  type StudioPage,
} from '../support/studio-page';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the download end-to-end test: ${missing}`);

/** The bundled default model (the 64 px emoji GAN), as the template writes its name. */
const MODEL = 'Emoji-faces-GAN-trained-by-Latent-Studio';
let studio: StudioPage | undefined;
let page: Page;
let work = '';
const byId = (id: string) => page.getByTestId(id);

/**
 * Issue 12, "Export and layout", in the browser shell: with no folder typed, Export hands the PNGs
 * to the browser as a download (one PNG, or a ZIP of several), named by the template and at the
 * chosen size, each carrying its latent. Real serve, real Chromium, Playwright's download events.
 */
describe.skipIf(missing !== null)(
  'PNG export as a browser download (real serve, real Chromium)',
  () => {
    beforeAll(async () => {
      studio = await openStudioPage('latent-download-e2e-');
      ({ work, page } = studio);
      await mkdir(join(work, 'downloads'), { recursive: true });
    }, 300_000);
    afterAll(() => studio?.close());

    it('three selected images at 2× download as one ZIP of template-named 128×128 PNGs', async () => {
      await byId('grid-tile-3').locator('canvas').waitFor({ timeout: 60_000 });
      await byId('grid-tile-0').click();
      await byId('grid-tile-1').click({ modifiers: ['Control'] });
      await byId('grid-tile-3').click({ modifiers: ['Control'] });
      await byId('tool-tab-export').click();
      expect(await byId('export-folder').inputValue()).toBe('');
      await byId('export-template').fill('{model}_{seed}_{index}');
      await byId('export-scale').selectOption('2');
      await expect.poll(() => byId('export-batch-button').textContent()).toMatch(/Download 3 PNGs/);
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 120_000 }),
        byId('export-batch-button').click(),
      ]);
      const name = download.suggestedFilename();
      expect(name).toMatch(new RegExp(`^${MODEL}_\\d{4}-\\d{2}-\\d{2}_3\\.zip$`));
      const zip = join(work, 'downloads', name);
      await download.saveAs(zip);
      const out = join(work, 'downloads', 'unzipped');
      const members = pythonUnzip(zip, out);
      expect(members).toHaveLength(3);
      expect((await readdir(out)).sort()).toEqual([...members].sort());
      for (const [i, member] of members.entries()) {
        const match = new RegExp(`^${MODEL}_(\\d+)_000${i + 1}\\.png$`).exec(member);
        expect(match, member).not.toBeNull();
        const png = new Uint8Array(await readFile(join(out, member)));
        const { width, height } = decodePngRgba(png);
        expect([width, height]).toEqual([128, 128]);
        // The seed in the name is the seed of the latent the PNG carries.
        expect(readPngMetadata(png)?.seed).toBe(Number(match![1]));
      }
      await expect
        .poll(() => byId('export-status').textContent())
        .toMatch(new RegExp(`Downloaded 3 PNGs \\(128×128\\) in one ZIP as ${name}`));
      await page.screenshot({ path: join(ARTIFACTS, 'export-download.png') });
    }, 180_000);

    it('one selected image at model size downloads as its PNG', async () => {
      await byId('grid-tile-2').click();
      await byId('export-scale').selectOption('1');
      await byId('export-template').fill('{seed}-{index}');
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 120_000 }),
        byId('export-batch-button').click(),
      ]);
      const name = download.suggestedFilename();
      expect(name).toMatch(/^\d+-0001\.png$/);
      const file = join(work, 'downloads', name);
      await download.saveAs(file);
      const png = new Uint8Array(await readFile(file));
      expect(decodePngRgba(png).width).toBe(64);
      expect(readPngMetadata(png)?.seed).toBe(Number(name.split('-')[0]));
    }, 180_000);
  },
);
