import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from '../../main/engine/image/png';
import { chromiumMissingReason } from '../support/chromium';
import {
  E2E_ARTIFACTS as ARTIFACTS,
  openStudioPage,
  type StudioPage,
} from '../support/studio-page';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the training end-to-end test: ${missing}`);

/**
 * Long enough that Stop lands mid-run: on onnxruntime a 32 px step at batch 8 takes tens of
 * milliseconds, so a 12-step run could finish between the second preview and the click.
 */
const STEPS = 40;
/** Training on two CPU cores takes seconds per step: these tests get minutes, not the default minute. */
const LONG = 300_000;
let work: string;
let folder: string;
let studio: StudioPage | undefined;
let page: Page;

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `train-${name}.png`) });
const byId = (id: string) => page.getByTestId(id);
const state = () => byId('train-state').getAttribute('data-state');
const previewHash = async () => (await byId('train-preview').getAttribute('data-frame-hash')) ?? '';

/** 24 small PNGs of two classes (circles, squares) in varied colours and places, plus one broken file. */
async function makeShapesFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const size = 40;
  for (let i = 0; i < 24; i++) {
    const circle = i % 2 === 0;
    const r = 8 + (i % 4) * 2;
    const cx = 20 + ((i * 7) % 9) - 4;
    const cy = 20 + ((i * 5) % 9) - 4;
    const rgba = new Uint8Array(size * size * 4);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const inside = circle
          ? Math.hypot(x - cx, y - cy) < r
          : Math.max(Math.abs(x - cx), Math.abs(y - cy)) < r;
        const o = (y * size + x) * 4;
        rgba.set(
          inside ? [30 + i * 8, 70 + (i % 3) * 40, 220 - i * 6, 255] : [246, 244, 238, 255],
          o,
        );
      }
    const name = `${circle ? 'circle' : 'square'}-${String(i).padStart(2, '0')}.png`;
    await writeFile(join(dir, name), encodePng({ width: size, height: size, rgba }));
  }
  const whole = encodePng({
    width: size,
    height: size,
    rgba: new Uint8Array(size * size * 4).fill(128),
  });
  await writeFile(join(dir, 'broken.png'), whole.slice(0, 60)); // cut off mid-file
}

describe.skipIf(missing !== null)('training end to end (real serve, real Chromium)', () => {
  beforeAll(async () => {
    studio = await openStudioPage('latent-train-e2e-');
    ({ work, page } = studio);
    folder = join(work, 'shapes');
    await makeShapesFolder(folder);
  });

  afterAll(() => studio?.close());

  it('switches to Train with the keyboard and scans the folder, naming the broken file and why', async () => {
    await expect.poll(() => byId('screen-explore').isVisible()).toBe(true);
    await page.keyboard.press('2');
    await byId('screen-train').waitFor();
    expect(await byId('screen-explore').isVisible()).toBe(false);
    await byId('train-folder-input').fill(folder);
    await byId('train-scan-button').click();
    await expect
      .poll(() => byId('scan-usable').textContent(), { timeout: 30_000 })
      .toMatch(/24\s*usable/);
    const row = byId('scan-rejected').locator('tr', { hasText: 'broken.png' });
    expect(await row.textContent()).toMatch(/truncated|corrupt|not an image/i);
    expect(await byId('scan-warnings').textContent()).toMatch(/24 usable images/);
    await expect
      .poll(() => byId('train-family').inputValue(), { timeout: 30_000 })
      .toMatch(/gan|vae/);
    // A look at the folder: 12 of its 24 images, drawn from the engine's pixels (no file:// URL).
    await expect
      .poll(() => byId('scan-thumbnails').locator('canvas').count(), { timeout: 30_000 })
      .toBe(12);
    expect(await byId('scan-thumbnails').textContent()).toContain('12 of 24 images');
    expect(await page.locator('img[src^="file:"]').count()).toBe(0);
    await shot('01-scan');
  });

  it(
    'starts a short GAN run whose preview grid changes as it trains',
    async () => {
      await byId('train-family').selectOption('gan');
      await expect.poll(() => byId('train-family').inputValue()).toBe('gan');
      await byId('train-size').selectOption('32');
      await byId('train-steps').fill(String(STEPS));
      await byId('train-batch').fill('8');
      await byId('train-preview-every').fill('4');
      await byId('train-checkpoint-every').fill('4');
      await byId('train-start-button').click();
      await expect.poll(previewHash, { timeout: 120_000 }).not.toBe('');
      const first = await previewHash();
      await expect.poll(previewHash, { timeout: 120_000 }).not.toBe(first);
      expect(await byId('train-backend').textContent()).toMatch(/Backend: \w+/);
      expect(await byId('train-step').textContent()).toMatch(new RegExp(`/ ${STEPS}`));
      expect(await byId('loss-chart').locator('path.chart-line').count()).toBeGreaterThanOrEqual(2);
      await shot('02-running');
    },
    LONG,
  );

  it(
    'stops, reattaches after a reload, and resumes to the end',
    async () => {
      await byId('train-stop-button').click();
      await expect.poll(state, { timeout: 60_000 }).toBe('stopped');
      const stoppedAt = Number(
        /Step\s*([\d,]+)/.exec((await byId('train-step').textContent()) ?? '')?.[1],
      );
      expect(stoppedAt).toBeLessThan(STEPS);
      await shot('03-stopped');
      const lastPreview = await previewHash();
      const lastPreviewStep = await byId('train-preview-step').textContent();
      expect(lastPreview).not.toBe('');

      await page.reload();
      await byId('runtime-info').waitFor();
      await page.keyboard.press('2');
      await expect.poll(state, { timeout: 20_000 }).toBe('stopped');
      // The reopened run shows its last preview (from its out folder), not a blank grid.
      await expect.poll(previewHash, { timeout: 20_000 }).toBe(lastPreview);
      expect(await byId('train-preview-step').textContent()).toBe(lastPreviewStep);
      expect(await byId('train-runs').textContent()).toMatch(/shapes/);

      await byId('train-resume-button').click();
      await expect.poll(state, { timeout: 180_000 }).toBe('finished');
      expect(await byId('train-step').textContent()).toMatch(
        new RegExp(`Step\\s*${STEPS}\\s*/\\s*${STEPS}`),
      );
      await expect.poll(previewHash).not.toBe('');
      await shot('04-finished');
    },
    LONG,
  );

  it(
    'opens the trained model in Explore, selected, with a sampled grid',
    async () => {
      await byId('train-open-button').click();
      await byId('screen-explore').waitFor({ timeout: 120_000 });
      expect(await byId('screen-train').count()).toBe(0);
      await expect.poll(() => byId('model-picker').inputValue()).not.toMatch(/^bundled-/);
      const label = await byId('model-picker').evaluate(
        (el: HTMLSelectElement) => el.selectedOptions[0]?.textContent ?? '',
      );
      expect(label).toMatch(/shapes/);
      await byId('grid-tile-0').locator('canvas').waitFor({ timeout: 60_000 });
      expect(await byId('model-facts').textContent()).toMatch(/32.?×.?32/);
      await shot('05-explore');
    },
    LONG,
  );
});
