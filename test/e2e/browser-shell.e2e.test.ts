import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePngRgba } from '../../main/engine/image/png';
import { chromiumMissingReason } from '../support/chromium';
import { json, runCli } from '../support/run-cli';
import {
  E2E_ARTIFACTS as ARTIFACTS,
  openStudioPage,
  type StudioPage,
} from '../support/studio-page';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping browser end-to-end tests: ${missing}`);

let dataDir: string;
let studio: StudioPage | undefined;
let page: Page;

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

function meanAbsDiff(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) if (i % 4 !== 3) sum += Math.abs(a[i]! - b[i]!);
  return sum / ((a.length * 3) / 4);
}

describe.skipIf(missing !== null)('browser shell end to end (real serve, real Chromium)', () => {
  beforeAll(async () => {
    studio = await openStudioPage('latent-e2e-');
    page = studio.page;
    dataDir = join(studio.work, 'data');
  });

  afterAll(() => studio?.close());

  it('opens on the bundled default model and names the runtimes', async () => {
    await expect
      .poll(() => page.getByTestId('runtime-info').textContent())
      .toMatch(/onnxruntime-node/);
    // The default is the 64 px colour GAN the app trained itself (assets/models/emoji-faces-gan.*).
    await expect
      .poll(() => page.getByTestId('model-note').textContent())
      .toMatch(/Trained by Latent Studio.*emoji/);
    expect(await page.getByTestId('model-picker').inputValue()).toBe('bundled-emoji-faces-gan');
    expect(await page.getByTestId('model-facts').textContent()).toMatch(/64.?×.?64/);
    await shot('01-start');
  });

  it('samples a varied grid whose pixels equal the CLI output for the same seeds', async () => {
    await page.getByTestId('seed-input').fill('1234');
    await page.getByTestId('count-input').fill('6');
    await page.getByTestId('truncation-input').fill('0.8');
    await page.getByTestId('sample-button').click();
    const tile = page.getByTestId('grid-tile-5').locator('canvas');
    await tile.waitFor();
    await shot('02-grid');
    const tilePixels = (i: number) =>
      page
        .getByTestId(`grid-tile-${i}`)
        .locator('canvas')
        .evaluate((c: HTMLCanvasElement) =>
          Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data),
        );
    const tiles = await Promise.all([0, 1, 2, 3, 4, 5].map(tilePixels));
    // Varied, not one picture repeated: every pair of the 6 samples differs by a mean of more
    // than 10 levels per channel (a collapsed GAN's samples differ by a few).
    for (let a = 0; a < tiles.length; a++)
      for (let b = a + 1; b < tiles.length; b++)
        expect(meanAbsDiff(tiles[a]!, tiles[b]!)).toBeGreaterThan(10);
    const browserPixels = tiles[2]!;
    const cli = json<{ files: string[]; seeds: number[] }>(
      await runCli(
        [
          'sample',
          '--model',
          'bundled-emoji-faces-gan',
          '--seed',
          '1236',
          '--count',
          '1',
          '--truncation',
          '0.8',
          '--out',
          join(dataDir, 'cli'),
          '--json',
        ],
        dataDir,
      ),
    );
    const cliImage = decodePngRgba(new Uint8Array(await readFile(cli.files[0]!)));
    expect(browserPixels.length).toBe(cliImage.rgba.length);
    expect(Buffer.from(browserPixels).equals(Buffer.from(cliImage.rgba))).toBe(true);
  });

  it('places anchors and updates the blended preview live while the pointer moves', async () => {
    await page.getByTestId('grid-tile-0').click();
    await page.getByTestId('grid-tile-3').click({ modifiers: ['Control'] });
    await page.getByTestId('place-button').click();
    const stage = page.getByTestId('explore-stage');
    const box = (await stage.boundingBox())!;
    const preview = page.getByTestId('probe-preview');
    const hashes = new Set<string>();
    for (const fx of [0.25, 0.45, 0.65, 0.8]) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * 0.5, { steps: 4 });
      await expect
        .poll(async () => (await preview.getAttribute('data-frame-hash')) ?? '')
        .not.toBe('');
      await page.waitForTimeout(150);
      hashes.add((await preview.getAttribute('data-frame-hash')) ?? '');
    }
    await shot('03-explore');
    expect(hashes.size).toBeGreaterThanOrEqual(2);
  });

  it('exports a selected PNG whose metadata restores the seed', async () => {
    await page.getByTestId('grid-tile-1').click();
    // The browser shell with no export folder typed: the PNG comes as a download (issue 12).
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByTestId('export-png-button').click(),
    ]);
    const status = page.getByTestId('export-status');
    await expect
      .poll(() => status.textContent(), { timeout: 20_000 })
      .toMatch(/^Downloaded 1 PNG \(64×64\) as .+_1235_0001\.png$/);
    await shot('04-exported');
    const file = join(dataDir, `downloaded-${download.suggestedFilename()}`);
    await download.saveAs(file);
    const info = json<{ seed: number; modelName: string }>(
      await runCli(['info', file, '--json'], dataDir),
    );
    expect(info.seed).toBe(1235);
    expect(info.modelName).toMatch(/Emoji faces GAN/);
  });

  it('shows bad input as words and keeps working', async () => {
    await page.getByTestId('open-png-input').setInputFiles({
      name: 'not-really.png',
      mimeType: 'image/png',
      buffer: Buffer.from('hello'),
    });
    await expect
      .poll(() => page.getByTestId('error-banner').textContent())
      .toMatch(/not-really\.png/);
    await shot('05-error');
    await page.getByTestId('sample-button').click();
    await page.getByTestId('grid-tile-0').locator('canvas').waitFor();
  });
});
