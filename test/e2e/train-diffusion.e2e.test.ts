import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from '../../main/engine/image/png';
import { chromiumMissingReason } from '../support/chromium';
import { E2E_ARTIFACTS, openStudioPage, type StudioPage } from '../support/studio-page';

/**
 * A diffusion model trained from the Train screen (real serve, real training process, real
 * Chromium): family choice with its own settings and reasons, a short run of a narrow U-Net with
 * previews, then the exported denoiser opened in Explore, where it samples with DDIM.
 */
const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the diffusion training browser test: ${missing}`);

const STEPS = 6;
const LONG = 300_000;
let studio: StudioPage | undefined;
let page: Page;
let folder: string;
const byId = (id: string) => page.getByTestId(id);
const shot = (name: string) =>
  page.screenshot({ path: join(E2E_ARTIFACTS, `train-diffusion-${name}.png`) });

/** 12 PNGs: a coloured square on cream, in a few colours and places. */
async function makeSquares(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const size = 36;
  for (let i = 0; i < 12; i++) {
    const rgba = new Uint8Array(size * size * 4);
    const [cx, cy] = [12 + (i % 3) * 6, 12 + (i % 4) * 4];
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const inside = Math.abs(x - cx) < 7 && Math.abs(y - cy) < 7;
        rgba.set(
          inside ? [200 - i * 10, 60 + i * 12, 90, 255] : [246, 244, 238, 255],
          (y * size + x) * 4,
        );
      }
    await writeFile(join(dir, `square-${i}.png`), encodePng({ width: size, height: size, rgba }));
  }
}

describe.skipIf(missing !== null)('training a diffusion model in the browser shell', () => {
  beforeAll(async () => {
    studio = await openStudioPage('latent-train-diffusion-e2e-');
    page = studio.page;
    folder = join(studio.work, 'squares');
    await makeSquares(folder);
  });

  afterAll(() => studio?.close());

  it('offers the diffusion family with its defaults, reasons and settings', async () => {
    await page.keyboard.press('2');
    await byId('screen-train').waitFor();
    await byId('train-folder-input').fill(folder);
    await byId('train-scan-button').click();
    await expect
      .poll(() => byId('scan-usable').textContent(), { timeout: 30_000 })
      .toMatch(/12\s*usable/);
    await expect.poll(() => byId('train-family').inputValue(), { timeout: 30_000 }).toMatch(/\w/);
    await byId('train-family').selectOption('diffusion');
    // The engine's diffusion defaults arrive: a narrow U-Net for 12 images, with the reason.
    await expect
      .poll(() => byId('screen-train').textContent(), { timeout: 30_000 })
      .toMatch(/U-Net base width 32: 12 images are few/);
    expect(await byId('train-width').inputValue()).toBe('32');
    expect(await byId('train-prediction').inputValue()).toBe('epsilon');
    expect(await byId('train-noise-schedule').inputValue()).toBe('linear');
    expect(await byId('train-latent').count()).toBe(0); // a denoiser has no latent size
    expect(await byId('train-vae-beta').count()).toBe(0);
    await shot('01-settings');
  });

  it(
    'trains a few steps of a narrow U-Net with previews, to the end',
    async () => {
      await byId('train-size').selectOption('32');
      await byId('train-width').fill('8');
      await byId('train-prediction').selectOption('v_prediction');
      await byId('train-noise-schedule').selectOption('cosine');
      await byId('train-steps').fill(String(STEPS));
      await byId('train-batch').fill('4');
      await byId('train-preview-every').fill('3');
      await byId('train-checkpoint-every').fill('3');
      await byId('train-eval-every').fill('0');
      await byId('train-start-button').click();
      await expect
        .poll(() => byId('train-state').getAttribute('data-state'), { timeout: 240_000 })
        .toBe('finished');
      expect(await byId('train-step').textContent()).toMatch(
        new RegExp(`Step\\s*${STEPS}\\s*/\\s*${STEPS}`),
      );
      expect(await byId('train-preview').getAttribute('data-frame-hash')).toMatch(/\w/);
      expect(await byId('train-runs').textContent()).toMatch(/DIFFUSION/);
      await shot('02-finished');
    },
    LONG,
  );

  it(
    'opens the exported denoiser in Explore, where it samples with DDIM',
    async () => {
      await byId('train-open-button').click();
      await byId('screen-explore').waitFor({ timeout: 120_000 });
      const label = await byId('model-picker').evaluate(
        (el: HTMLSelectElement) => el.selectedOptions[0]?.textContent ?? '',
      );
      expect(label).toMatch(/squares DIFFUSION/);
      await byId('diffusion-panel').waitFor({ timeout: 60_000 });
      expect(await byId('sampler-select').inputValue()).toBe('ddim');
      await byId('grid-tile-0').locator('canvas').waitFor({ timeout: 120_000 });
      expect(await byId('model-facts').textContent()).toMatch(/32.?×.?32/);
      await shot('03-explore');
    },
    LONG,
  );
});
