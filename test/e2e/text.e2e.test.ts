import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason } from '../support/chromium';
import { E2E_ARTIFACTS, openStudioPage, type StudioPage } from '../support/studio-page';
import { REPO_ROOT } from '../support/temp-studio';

/**
 * A text model trained from the Train screen and used on the Text screen (real serve, real
 * training process, real Chromium): the committed corpus `test/fixtures/text-corpus/` (24 kB of
 * seeded sentences from a small word list, made with `sentences()` of
 * test/autoregressive/tiny-runs.ts, seeds 11 and 12) trained a few steps, a continuation seen
 * growing token by token before it ends, and BLEU of continuations of the run's held-out
 * passages with its n-gram precisions and bits/char.
 */
const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the text browser test: ${missing}`);

const STEPS = 3;
const LONG = 240_000;
let studio: StudioPage | undefined;
let page: Page;
let folder: string;
const byId = (id: string) => page.getByTestId(id);
const shot = (name: string) => page.screenshot({ path: join(E2E_ARTIFACTS, `text-${name}.png`) });

describe.skipIf(missing !== null)('a text model in the browser shell', () => {
  beforeAll(async () => {
    studio = await openStudioPage('latent-text-e2e-');
    page = studio.page;
    folder = join(studio.work, 'letters');
    await cp(join(REPO_ROOT, 'test', 'fixtures', 'text-corpus'), folder, { recursive: true });
  });

  afterAll(() => studio?.close());

  it(
    'reads a text folder on the Train screen and trains a tiny character model to the end',
    async () => {
      await page.keyboard.press('2');
      await byId('screen-train').waitFor();
      await byId('train-folder-input').fill(folder);
      await byId('train-scan-button').click();
      // No images in the folder, but text: the engine's text defaults arrive with their reasons.
      await expect.poll(() => byId('train-family').inputValue(), { timeout: 60_000 }).toBe('text');
      expect(await byId('screen-train').textContent()).toMatch(/character vocabulary/);
      expect(await byId('train-size').count()).toBe(0); // text has no image size
      await byId('train-layers').fill('1');
      await byId('train-heads').fill('2');
      await byId('train-context').fill('16');
      await byId('train-width').fill('16');
      await byId('train-steps').fill(String(STEPS));
      await byId('train-batch').fill('4');
      await byId('train-preview-every').fill(String(STEPS));
      await byId('train-checkpoint-every').fill(String(STEPS));
      await byId('train-start-button').click();
      await expect
        .poll(() => byId('train-state').getAttribute('data-state'), { timeout: LONG - 30_000 })
        .toBe('finished');
      // The engine put the model in the text library before saying "finished".
      await expect.poll(() => byId('train-open-button').textContent()).toMatch(/Open in Text/);
      await shot('01-trained');
    },
    LONG,
  );

  it(
    'opens the model on the Text screen and streams a continuation token by token',
    async () => {
      await byId('train-open-button').click();
      await byId('screen-text').waitFor({ timeout: 30_000 });
      await expect
        .poll(() =>
          byId('text-model-picker').evaluate(
            (el: HTMLSelectElement) => el.selectedOptions[0]?.textContent ?? '',
          ),
        )
        .toMatch(/letters TEXT/);
      await byId('text-prompt').fill('She walked to the ');
      await byId('text-max-tokens').fill('3000');
      await byId('text-count').fill('1');
      await byId('text-temperature').fill('0.9');
      await byId('text-generate').click();
      const card = byId('text-continuation').first();
      const generated = card.getByTestId('text-generated');
      // Watch the card while it streams: its text must be seen growing before the answer ends it.
      const seen: number[] = [];
      const until = Date.now() + 90_000;
      while (Date.now() < until) {
        const [status, text] = await Promise.all([
          card.getAttribute('data-status'),
          generated.textContent(),
        ]);
        if (status !== 'streaming') break;
        const length = text?.length ?? 0;
        if (length > 0 && length !== seen.at(-1)) seen.push(length);
      }
      // At least two part-way lengths (the last reading may already hold every token while
      // the answer is on its way), each longer than the one before.
      expect(seen.filter((n) => n < 3000).length).toBeGreaterThanOrEqual(2);
      expect(seen.every((n, i) => i === 0 || n > seen[i - 1]!)).toBe(true);
      await expect.poll(() => card.getAttribute('data-status'), { timeout: 90_000 }).toBe('done');
      expect((await generated.textContent())?.length).toBe(3000);
      // Favourite it; a second continuation appears beside it with the next seed.
      await card.getByTestId('text-favourite').click();
      expect(await card.getAttribute('data-favourite')).toBe('true');
      await byId('text-max-tokens').fill('40');
      await byId('text-generate').click();
      await expect.poll(() => byId('text-continuation').count()).toBe(2);
      await expect
        .poll(() => byId('text-continuation').nth(1).getAttribute('data-status'), {
          timeout: 60_000,
        })
        .toBe('done');
      expect(await byId('text-continuation').nth(1).textContent()).toMatch(/seed 1/);
      const download = page.waitForEvent('download');
      await byId('text-export').click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^continuations-.*\.txt$/);
      await shot('02-continuations');
    },
    LONG,
  );

  it(
    "scores continuations of the run's held-out passages: BLEU, its settings, n-gram precisions, bits/char",
    async () => {
      // Empty held-out field: the run's own held-out passages (shown as the placeholder).
      expect(await byId('text-heldout').getAttribute('placeholder')).toMatch(/heldout$/);
      await byId('text-eval-passages').fill('4');
      await byId('text-evaluate').click();
      await byId('text-bleu-result').waitFor({ timeout: 120_000 });
      expect(await byId('text-bleu').textContent()).toMatch(/^\d+\.\d\d$/);
      expect(await byId('text-bleu-settings').textContent()).toMatch(
        /tokeniser 13a · smoothing exp/,
      );
      const cells = await byId('text-bleu-precisions').locator('tbody td').allTextContents();
      expect(cells).toHaveLength(5); // 1- to 4-gram precisions and the brevity penalty
      for (const c of cells) expect(Number(c)).toBeGreaterThanOrEqual(0);
      await expect
        .poll(() => byId('text-nll').textContent(), { timeout: 60_000 })
        .toMatch(/bits\/char · perplexity/);
      await shot('03-bleu');
    },
    LONG,
  );
});
