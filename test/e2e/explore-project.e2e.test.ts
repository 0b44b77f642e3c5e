import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathFrameCount } from '../../main/contract/keyframe-path';
import { chromiumMissingReason } from '../support/chromium';
import { probeVideo } from '../support/probe-video';
import { json, runCli } from '../support/run-cli';
import {
  E2E_ARTIFACTS as ARTIFACTS,
  openStudioPage,
  type StudioPage,
} from '../support/studio-page';
import { REPO_ROOT } from '../support/temp-studio';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the Explore end-to-end tests: ${missing}`);

let studio: StudioPage | undefined;
let page: Page;
let work: string;
let dataDir: string;

const byId = (id: string) => page.getByTestId(id);
const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `explore-${name}.png`) });
const anchors = async () => Number(await byId('explore-stage').getAttribute('data-anchors'));
const hash = async (id: string) => (await byId(id).getAttribute('data-frame-hash')) ?? '';
/** Keys go to the app, not to a field that happens to have the focus. */
const focusCanvas = () => byId('explore-stage').click({ position: { x: 8, y: 8 } });
const tab = (id: string) => byId(`tool-tab-${id}`).click();
const LONG = 180_000;

describe.skipIf(missing !== null)('Explore end to end (real serve, real Chromium)', () => {
  beforeAll(async () => {
    studio = await openStudioPage('latent-explore-e2e-');
    ({ page, work } = studio);
    dataDir = join(work, 'data');
    await byId('grid-tile-5').locator('canvas').waitFor({ timeout: 60_000 });
  });

  afterAll(() => studio?.close());

  it(
    'builds a project, undoes and redoes on the canvas, and finds everything after a reload',
    async () => {
      await byId('grid-tile-0').click();
      await byId('grid-tile-3').click({ modifiers: ['Control'] });
      await page.keyboard.press('p');
      await expect.poll(anchors).toBe(2);
      // A blend under the pointer, kept (K): it joins the project with its parents.
      const box = (await byId('explore-stage').boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.35, { steps: 4 });
      await expect.poll(() => hash('probe-preview')).not.toBe('');
      await page.keyboard.press('k');
      await expect.poll(() => byId('kept-tab').textContent()).toMatch(/Kept \(1\)/);
      expect(await byId('lineage').textContent()).toMatch(/Blend 1.*blend of/);

      // Save as a named project, into a folder the user has (the app creates none outside its
      // data folder).
      await mkdir(join(work, 'projects'), { recursive: true });
      await page.keyboard.press('Control+Shift+S');
      await byId('save-project-name').fill('walk');
      await byId('save-project-folder').fill(join(work, 'projects'));
      await byId('save-project-button').click();
      // The save waits in line behind any autosave already writing (saves run one after another):
      // on a loaded machine that takes longer than expect.poll's default 5 s.
      const seen = new Set<string>();
      const nameAfterSave = async () => {
        const notes = await page
          .locator('[data-testid=toast], [data-testid=error-banner]')
          .allTextContents();
        for (const n of notes) seen.add(n);
        return byId('project-name').textContent();
      };
      try {
        await expect.poll(nameAfterSave, { timeout: 30_000 }).toBe('walk');
      } catch (error) {
        await shot('01-save-as-failed');
        throw new Error(
          `Save As did not finish; the page said: ${[...seen].join(' | ') || 'nothing'}`,
          { cause: error },
        );
      }

      // Shift+Delete clears the canvas; Ctrl+Z brings it back, Ctrl+Shift+Z clears it again.
      await focusCanvas();
      await page.keyboard.press('Shift+Delete');
      await expect.poll(anchors).toBe(0);
      await page.keyboard.press('Control+z');
      await expect.poll(anchors).toBe(2);
      await page.keyboard.press('Control+Shift+z');
      await expect.poll(anchors).toBe(0);
      await byId('undo-button').click();
      await expect.poll(anchors).toBe(2);

      // While a text field has the focus, Ctrl+Z is the field's own undo: the canvas stays.
      await byId('seed-input').click();
      await page.keyboard.press('Control+a');
      await page.keyboard.type('4242');
      await page.keyboard.press('Control+z');
      expect(await anchors()).toBe(2);
      await focusCanvas();
      await shot('01-project-1440');

      // Autosaved a moment later; a reload opens the same project with everything in place.
      await expect
        .poll(() => byId('project-dirty').getAttribute('data-dirty'), { timeout: 20_000 })
        .toBe('false');
      const selected = await byId('selection-count').textContent();
      await page.reload();
      await byId('runtime-info').waitFor();
      await expect.poll(() => byId('project-name').textContent(), { timeout: 30_000 }).toBe('walk');
      await expect.poll(anchors, { timeout: 30_000 }).toBe(2);
      expect(await byId('kept-tab').textContent()).toMatch(/Kept \(1\)/);
      expect(await byId('selection-count').textContent()).toBe(selected);
      await byId('grid-tile-15').locator('canvas').waitFor({ timeout: 60_000 });
      await byId('kept-tab').click();
      await byId('kept-tile-0').locator('canvas').waitFor({ timeout: 30_000 });
      await shot('02-reloaded-1440');
      await byId('samples-tab').click();
    },
    LONG,
  );

  it(
    'renders a keyframe path to an MP4 that ffmpeg reads with the right frame count and size',
    async () => {
      await byId('grid-tile-1').click();
      await byId('grid-tile-4').click({ modifiers: ['Control'] });
      await byId('grid-tile-7').click({ modifiers: ['Control'] });
      await focusCanvas();
      await page.keyboard.press('a');
      await expect.poll(() => byId('keyframe').count()).toBe(3);
      await byId('segment-duration-0').fill('0.5');
      await byId('path-fps').fill('10');
      await byId('path-loop').check();
      await expect.poll(() => byId('segment').count()).toBe(3);
      await byId('play-path-button').click();
      await expect.poll(() => hash('path-frame'), { timeout: 60_000 }).not.toBe('');
      const segments = [
        { duration: 0.5, easing: 'cubic' as const, interpolation: 'slerp' as const },
        { duration: 1, easing: 'cubic' as const, interpolation: 'slerp' as const },
        { duration: 1, easing: 'cubic' as const, interpolation: 'slerp' as const },
      ];
      const frames = pathFrameCount(segments, 10, true);
      expect(await byId('path-timing').textContent()).toContain(`${frames} frames`);

      const out = join(work, 'videos');
      await mkdir(out, { recursive: true });
      await tab('export');
      await byId('export-folder').fill(out);
      await tab('path');
      await byId('export-video-button').click();
      await byId('video-format').selectOption('mp4');
      await byId('video-scale').selectOption('2');
      await byId('video-name').fill('walk-loop');
      await shot('03-video-dialog-1440');
      await byId('video-export-button').click();
      await byId('video-result').waitFor({ timeout: LONG });
      const video = await probeVideo(join(out, 'walk-loop.mp4'));
      // The default model draws 64 px; the dialog asked for 2×.
      expect(video).toMatchObject({ codec: 'h264', width: 128, height: 128, frames });
      await page.keyboard.press('Escape');
      await byId('video-dialog').waitFor({ state: 'detached' });
    },
    LONG,
  );

  it(
    'moves the current image along a PCA direction with a slider',
    async () => {
      await byId('grid-tile-2').click();
      await tab('directions');
      await byId('compute-directions-button').click();
      await byId('direction-slider-0').waitFor({ timeout: 120_000 });
      await byId('direction-slider-0').fill('3');
      await expect.poll(() => hash('direction-preview'), { timeout: 30_000 }).not.toBe('');
      const first = await hash('direction-preview');
      await byId('direction-slider-0').fill('-3');
      await expect.poll(() => hash('direction-preview'), { timeout: 30_000 }).not.toBe(first);
      await byId('keep-moved-button').click();
      await expect.poll(() => byId('lineage').textContent()).toMatch(/moved/);
      await shot('04-directions-1440');
    },
    LONG,
  );

  it(
    'breeds children of two parents and breeds the children again',
    async () => {
      await byId('grid-tile-8').click();
      await byId('grid-tile-9').click({ modifiers: ['Control'] });
      await focusCanvas();
      await page.keyboard.press('b');
      await byId('child-tile-7').locator('canvas').waitFor({ timeout: 60_000 });
      await byId('child-tile-0').click();
      await byId('child-tile-1').click({ modifiers: ['Control'] });
      await expect.poll(() => byId('lineage').textContent()).toMatch(/crossover of 2 parents/);
      await byId('breed-button').click();
      await expect
        .poll(() => byId('child-tile-0').getAttribute('aria-label'), { timeout: 60_000 })
        .toMatch(/^Child 2\./);
      await byId('child-tile-7').locator('canvas').waitFor({ timeout: 60_000 });
      await shot('05-breeding-1440');
    },
    LONG,
  );

  it(
    'encodes a picture with a VAE model and places it on the canvas',
    async () => {
      const vae = join(REPO_ROOT, 'test', 'fixtures', 'vae-pair');
      const imported = json<{ id: string }>(
        await runCli(['import', join(vae, 'tiny-vae.onnx'), '--json'], dataDir),
      );
      await page.keyboard.press('Control+n'); // a fresh project for the other model
      await page.reload();
      await byId('runtime-info').waitFor();
      await expect.poll(() => byId('model-picker').locator('option').count()).toBeGreaterThan(2);
      await byId('model-picker').selectOption(imported.id);
      await byId('grid-tile-0').locator('canvas').waitFor({ timeout: 60_000 });
      const before = await anchors();
      await tab('image');
      await byId('open-image-input').setInputFiles(join(vae, 'blob.png'));
      await expect
        .poll(() => byId('image-status').textContent(), { timeout: 60_000 })
        .toMatch(/encoded/);
      await expect.poll(anchors).toBe(before + 1);
      await expect.poll(() => hash('image-result'), { timeout: 30_000 }).not.toBe('');
      expect(await byId('lineage').textContent()).toMatch(/encoded from blob\.png/);
      await shot('06-encoded-1440');
    },
    LONG,
  );
});
