import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from '../../main/engine/image/png';
import { chromiumMissingReason } from '../support/chromium';
import { E2E_ARTIFACTS, openStudioPage, type StudioPage } from '../support/studio-page';

/**
 * A PixelCNN trained from the Train screen and sampled live in Explore (real serve, real training
 * process, real Chromium): the images fill in row by row as `pixelcnn.row` events arrive (the
 * drawn pixels counted on the page's canvases grow between observations), and Stop ends the
 * sampling part-way, leaving the rest undrawn.
 */
const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the PixelCNN browser test: ${missing}`);

const LONG = 240_000;
let studio: StudioPage | undefined;
let page: Page;
let folder: string;
const byId = (id: string) => page.getByTestId(id);
const shot = (name: string) =>
  page.screenshot({ path: join(E2E_ARTIFACTS, `pixelcnn-${name}.png`) });

/** 12 PNGs of a coloured bar on cream. */
async function makeBars(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const size = 28;
  for (let i = 0; i < 12; i++) {
    const rgba = new Uint8Array(size * size * 4);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const inside = Math.abs(x - (6 + i)) < 4;
        rgba.set(
          inside ? [40 + i * 15, 90, 200 - i * 10, 255] : [246, 244, 238, 255],
          (y * size + x) * 4,
        );
      }
    await writeFile(join(dir, `bar-${i}.png`), encodePng({ width: size, height: size, rgba }));
  }
}

/** Pixels drawn (alpha > 0) on all live canvases, and how many they could hold. */
const filled = () =>
  page.evaluate(() => {
    let drawn = 0;
    let total = 0;
    for (const c of document.querySelectorAll<HTMLCanvasElement>(
      '[data-testid="pixelcnn-canvas"]',
    )) {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      total += c.width * c.height;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) drawn++;
    }
    return { drawn, total };
  });

describe.skipIf(missing !== null)('a PixelCNN filling in live in the browser shell', () => {
  beforeAll(async () => {
    studio = await openStudioPage('latent-pixelcnn-e2e-');
    page = studio.page;
    folder = join(studio.work, 'bars');
    await makeBars(folder);
  });

  afterAll(() => studio?.close());

  it(
    'trains a tiny PixelCNN on the Train screen and opens it in Explore',
    async () => {
      await page.keyboard.press('2');
      await byId('screen-train').waitFor();
      await byId('train-folder-input').fill(folder);
      await byId('train-scan-button').click();
      await expect
        .poll(() => byId('scan-usable').textContent(), { timeout: 30_000 })
        .toMatch(/12\s*usable/);
      await expect.poll(() => byId('train-family').inputValue(), { timeout: 30_000 }).toMatch(/\w/);
      await byId('train-family').selectOption('pixelcnn');
      await expect.poll(() => byId('train-layers').count(), { timeout: 30_000 }).toBe(1);
      await byId('train-size').selectOption('28');
      await byId('train-layers').fill('1');
      await byId('train-width').fill('8');
      await byId('train-steps').fill('2');
      await byId('train-batch').fill('2');
      await byId('train-preview-every').fill('2');
      await byId('train-checkpoint-every').fill('2');
      // The bundled small Fashion-MNIST CNN for the live detectors: Inception would first be
      // converted into this fresh data folder, which takes minutes on a loaded machine.
      await byId('train-extractor').selectOption('fashion-mnist');
      await byId('train-eval-every').fill('0'); // no FID/KID (500 samples pixel by pixel)
      await byId('train-start-button').click();
      await expect
        .poll(() => byId('train-state').getAttribute('data-state'), { timeout: LONG - 60_000 })
        .toBe('finished');
      await byId('train-open-button').click();
      await byId('pixelcnn-panel').waitFor({ timeout: 60_000 });
      await shot('01-explore');
    },
    LONG,
  );

  it(
    'fills the samples in row by row, and Stop ends it part-way',
    async () => {
      await byId('pixelcnn-count').fill('16');
      await expect.poll(() => byId('pixelcnn-sample').isEnabled(), { timeout: 120_000 }).toBe(true);
      await byId('pixelcnn-sample').click();
      await byId('pixelcnn-canvas').first().waitFor({ timeout: 60_000 });
      const first = await filled();
      expect(first.total).toBe(16 * 28 * 28);
      await expect
        .poll(async () => (await filled()).drawn, { timeout: 60_000 })
        .toBeGreaterThan(first.drawn);
      const second = await filled();
      expect(second.drawn).toBeLessThan(second.total); // still filling in
      await byId('pixelcnn-cancel').click();
      await expect
        .poll(() => byId('pixelcnn-status').getAttribute('data-status'), { timeout: 30_000 })
        .toBe('cancelled');
      const stopped = await filled();
      expect(stopped.drawn).toBeLessThan(stopped.total);
      await new Promise((r) => setTimeout(r, 1500));
      expect((await filled()).drawn).toBe(stopped.drawn); // nothing more arrives after Stop
      expect(await byId('pixelcnn-status').textContent()).toMatch(/stopped/);
      await shot('02-stopped');
    },
    LONG,
  );
});
