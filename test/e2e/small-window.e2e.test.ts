import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSquarePng } from '../evaluation/report-fixture';
import { chromiumMissingReason } from '../support/chromium';
import { unreachableControls } from '../support/reachable';
import {
  E2E_ARTIFACTS as ARTIFACTS,
  openStudioPage,
  type StudioPage,
} from '../support/studio-page';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the small-window end-to-end test: ${missing}`);

let studio: StudioPage | undefined;
let page: Page;
let work: string;
const byId = (id: string) => page.getByTestId(id);
const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `small-${name}-1024.png`) });
const TABS = ['strip', 'path', 'directions', 'breed', 'image', 'export'];

/** The app at 1024×700: every control on every screen can be reached, nothing covers another. */
describe.skipIf(missing !== null)('a 1024×700 window (real serve, real Chromium)', () => {
  beforeAll(async () => {
    studio = await openStudioPage('latent-small-e2e-');
    ({ page, work } = studio);
    await page.setViewportSize({ width: 1024, height: 700 });
    await byId('grid-tile-5').locator('canvas').waitFor({ timeout: 60_000 });
  });

  afterAll(() => studio?.close());

  it('keeps every Explore control reachable, in every tool tab, with a strip on screen', async () => {
    await byId('grid-tile-0').click();
    await byId('grid-tile-3').click({ modifiers: ['Control'] });
    await byId('grid-tile-6').click({ modifiers: ['Control'] });
    await byId('place-button').click();
    await byId('strip-button').click();
    await byId('strip-frame').waitFor();
    await expect
      .poll(async () => (await byId('strip-frame').getAttribute('data-frame-hash')) ?? '')
      .not.toBe('');
    await page.keyboard.press('a');
    expect(await unreachableControls(page, 'header')).toEqual([]);
    // Nothing essential in the header is cut: badges whole, nothing past the window's edge, and
    // the model's full name (which the select may shorten) in its tooltip.
    const cut = await page.evaluate(() => {
      const facts = document.querySelector('[data-testid="model-facts"]')!.getBoundingClientRect();
      const found: string[] = [];
      for (const el of document.querySelectorAll(
        '[data-testid="model-facts"] .pill, [data-testid="model-facts"] .link-button',
      )) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right > facts.right + 0.5) found.push(el.textContent ?? '');
      }
      const header = document.querySelector('header.header')!;
      for (const el of header.children)
        if (el.getBoundingClientRect().right > window.innerWidth + 0.5) found.push(el.className);
      return found;
    });
    expect(cut).toEqual([]);
    const chosen = (await byId('model-picker').locator('option:checked').textContent()) ?? '';
    expect(await byId('model-picker').getAttribute('title')).toContain(chosen.split(' — ')[0]);
    expect((await byId('model-picker').boundingBox())!.width).toBeGreaterThanOrEqual(200);
    for (const tab of TABS) {
      await byId(`tool-tab-${tab}`).click();
      expect(await unreachableControls(page, '[data-testid="screen-explore"]'), tab).toEqual([]);
      await shot(`explore-${tab}`);
    }
  }, 120_000);

  it('keeps the Train screen’s run controls (Stop) on screen with a scanned folder', async () => {
    const folder = join(work, 'images');
    for (let i = 0; i < 12; i++)
      await writeSquarePng(join(folder, `img-${String(i).padStart(2, '0')}.png`), 28, [
        20 * i,
        200 - 10 * i,
        90,
      ]);
    await page.keyboard.press('2');
    await byId('train-folder-input').fill(folder);
    await byId('train-scan-button').click();
    await byId('train-steps').waitFor({ timeout: 60_000 });
    expect(await unreachableControls(page, '[data-testid="screen-train"]')).toEqual([]);
    const stop = await byId('train-stop-button').boundingBox();
    expect(stop!.y + stop!.height).toBeLessThanOrEqual(700);
    expect(stop!.x + stop!.width).toBeLessThanOrEqual(1024);
    await shot('train');
  }, 120_000);

  it('keeps the Evaluate and Text screens reachable, and the shortcuts list fits', async () => {
    await page.keyboard.press('3');
    await byId('screen-evaluate').waitFor();
    expect(await unreachableControls(page, '[data-testid="screen-evaluate"]')).toEqual([]);
    await shot('evaluate');
    await page.keyboard.press('4');
    await byId('screen-text').waitFor();
    expect(await unreachableControls(page, '[data-testid="screen-text"]')).toEqual([]);
    expect(await unreachableControls(page, 'header')).toEqual([]);
    await shot('text');
    await page.keyboard.press('1');
    await page.locator('body').press('?');
    await byId('shortcuts-help').waitFor();
    expect(await byId('shortcuts-help').textContent()).toMatch(/Undo.*Ctrl\+Z/);
    await shot('shortcuts');
    await page.keyboard.press('Escape');
    await byId('shortcuts-help').waitFor({ state: 'detached' });
  }, 60_000);
});
