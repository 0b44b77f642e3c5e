import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePngRgba } from '../../main/engine/image/png';
import { diffusionFixture } from '../diffusion/fixtures';
import { chromiumMissingReason } from '../support/chromium';
import { json, runCli } from '../support/run-cli';
import { E2E_ARTIFACTS, openStudioPage, type StudioPage } from '../support/studio-page';

/**
 * A diffusion model in the browser shell (real serve, real Chromium): the fixture U-Net
 * (diffusers UNet2DModel I/O) imported with the CLI, sampled with DDIM, denoised live (frames
 * arrive; cancel stops it), interpolated between two noises, exported as PNG and dropped back.
 */
const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the diffusion browser test: ${missing}`);

let studio: StudioPage | undefined;
let page: Page;
let dataDir: string;
let modelId: string;
const shot = (name: string) =>
  page.screenshot({ path: join(E2E_ARTIFACTS, `diffusion-${name}.png`) });

/** Waits until no engine work is running (the Sample button is disabled while it is). */
const idle = () =>
  expect.poll(() => page.getByTestId('sample-button').isEnabled(), { timeout: 60_000 }).toBe(true);

/** RGBA of a canvas, as drawn. */
const canvasPixels = (selector: string) =>
  page
    .locator(selector)
    .evaluate((c: HTMLCanvasElement) =>
      Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data),
    );

describe.skipIf(missing !== null)('diffusion in the browser shell', () => {
  beforeAll(async () => {
    studio = await openStudioPage('latent-diffusion-e2e-');
    page = studio.page;
    dataDir = join(studio.work, 'data');
    const imported = json<{ id: string }>(
      await runCli(['import', diffusionFixture('unet-rgb32-int64.onnx'), '--json'], dataDir),
    );
    modelId = imported.id;
    await page.reload();
    await page.getByTestId('runtime-info').waitFor();
  });

  afterAll(() => studio?.close());

  it('samples a grid with DDIM once the diffusion model is chosen', async () => {
    await page.getByTestId('model-picker').selectOption(modelId);
    await page.getByTestId('diffusion-panel').waitFor();
    await page.getByTestId('count-input').fill('4');
    await page.getByTestId('truncation-input').fill('1');
    await page.getByTestId('steps-input').fill('12');
    await page.getByTestId('steps-input').press('Enter');
    await idle();
    await page.getByTestId('grid-tile-3').locator('canvas').waitFor();
    expect(await page.getByTestId('sampler-select').inputValue()).toBe('ddim');
    await shot('01-grid');
  });

  it('shows the denoising frames arrive, step after step', async () => {
    await page.getByTestId('steps-input').fill('60');
    await page.getByTestId('steps-input').press('Enter'); // the grid follows the new settings
    await idle();
    // Record every frame hash the live view shows, as the page draws them.
    await page.evaluate(() => {
      const view = document.querySelector('[data-testid="denoise-view"]')!;
      const seen: string[] = [];
      (window as unknown as { seenFrames: string[] }).seenFrames = seen;
      new MutationObserver(() => {
        const hash = view.getAttribute('data-frame-hash');
        if (hash && seen.at(-1) !== hash) seen.push(hash);
      }).observe(view, { attributes: true, attributeFilter: ['data-frame-hash'] });
    });
    await page.getByTestId('grid-tile-1').click();
    await page.getByTestId('denoise-button').click();
    await expect
      .poll(() => page.getByTestId('denoise-step').textContent(), { timeout: 60_000 })
      .toBe('Step 60/60');
    await page.getByTestId('denoise-button').waitFor();
    const seen = await page.evaluate(
      () => (window as unknown as { seenFrames: string[] }).seenFrames,
    );
    expect(seen.length).toBeGreaterThanOrEqual(5);
    await shot('02-denoised');
    // The last x0 is the image itself: the same pixels as the selected tile (same seed, settings).
    expect(await canvasPixels('[data-testid="denoise-view"]')).toEqual(
      await canvasPixels('[data-testid="grid-tile-1"] canvas'),
    );
  });

  it('cancels live denoising between steps', async () => {
    await page.getByTestId('steps-input').fill('1000');
    await page.getByTestId('denoise-button').click();
    const stepShown = async () =>
      Number(/Step (\d+)/.exec((await page.getByTestId('denoise-step').textContent()) ?? '')?.[1]);
    await expect.poll(stepShown, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await page.getByTestId('denoise-cancel').click();
    await page.getByTestId('denoise-button').waitFor();
    const stopped = (await page.getByTestId('denoise-step').textContent()) ?? '';
    expect(stopped).toMatch(/^Step \d+\/1000/);
    expect(stopped).not.toMatch(/^Step 1000\//);
    const toasts = () => page.getByTestId('toast').allTextContents();
    await expect
      .poll(async () => (await toasts()).join(' '), { timeout: 30_000 })
      .toMatch(/cancelled/);
    await page.getByTestId('steps-input').fill('12');
    await page.getByTestId('steps-input').press('Enter');
    await idle();
  });

  it('interpolates between two noises', async () => {
    await page.getByTestId('grid-tile-0').click();
    await page.getByTestId('grid-tile-2').click({ modifiers: ['Control'] });
    await page.getByTestId('strip-frames-input').fill('5');
    await page.getByTestId('strip-button').click();
    await expect.poll(() => page.getByText(/Frame \d+ of 5/).count(), { timeout: 60_000 }).toBe(1);
    // The first frame of the strip is the first waypoint's image.
    await page.getByTestId('strip-slider').fill('0');
    expect(await canvasPixels('[data-testid="strip-frame"]')).toEqual(
      await canvasPixels('[data-testid="grid-tile-0"] canvas'),
    );
    await shot('03-strip');
  });

  it('blends noises live on the canvas', async () => {
    await page.getByTestId('grid-tile-0').click();
    await page.getByTestId('grid-tile-3').click({ modifiers: ['Control'] });
    await page.getByTestId('place-button').click();
    const box = (await page.getByTestId('explore-stage').boundingBox())!;
    const preview = page.getByTestId('probe-preview');
    const hashes = new Set<string>();
    for (const fx of [0.25, 0.5, 0.75]) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * 0.5, { steps: 3 });
      await expect
        .poll(async () => (await preview.getAttribute('data-frame-hash')) ?? '', {
          timeout: 30_000,
        })
        .not.toBe('');
      await page.waitForTimeout(400);
      hashes.add((await preview.getAttribute('data-frame-hash')) ?? '');
    }
    expect(hashes.size).toBeGreaterThanOrEqual(2);
    await shot('04-blend');
    await page.mouse.move(box.x - 40, box.y - 40);
  });

  it('exports a PNG and restores the same pixels when it is dropped back', async () => {
    await page.getByTestId('grid-tile-3').click();
    await page.getByTestId('export-png-button').click();
    const status = page.getByTestId('export-status');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/Saved 1 file/);
    const dir = /to (.+)$/.exec(((await status.textContent()) ?? '').trim())![1]!.trim();
    const file = join(
      dir,
      (await readdir(dir)).find((f) => f.endsWith('.png'))!,
    );
    const info = json<{ sampling: object; latentDim: number }>(
      await runCli(['info', file, '--json'], dataDir),
    );
    expect(info).toMatchObject({
      latentDim: 3072,
      sampling: { sampler: 'ddim', steps: 12, eta: 0 },
    });

    // The user moves on to other settings; dropping the PNG brings its own back.
    await page.getByTestId('sampler-select').selectOption('ddpm');
    await page.getByTestId('steps-input').fill('5');
    await page.getByTestId('grid-tile-0').click();
    const bytes = await readFile(file);
    await page.evaluate(
      ({ base64, name }) => {
        const raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([raw], name, { type: 'image/png' }));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true }));
      },
      { base64: bytes.toString('base64'), name: 'dropped.png' },
    );
    await expect
      .poll(() => page.getByTestId('selection-count').textContent(), { timeout: 60_000 })
      .toMatch(/2/);
    expect(await page.getByTestId('sampler-select').inputValue()).toBe('ddim');
    expect(await page.getByTestId('steps-input').inputValue()).toBe('12');
    const restored = await canvasPixels('[data-testid="selection-tray"] .chip:last-child canvas');
    expect(
      Buffer.from(restored).equals(Buffer.from(decodePngRgba(new Uint8Array(bytes)).rgba)),
    ).toBe(true);
    await shot('05-restored');
  });

  it('inverts a dropped picture with DDIM and places its x_T on the canvas', async () => {
    // The v-prediction fixture: its own samples invert to the same 8-bit pixels (the rgb32
    // fixture's random U-Net clips nearly every pixel of x0 at its first steps, so no x_T
    // comes back from its images: see test/fixtures/diffusion/README.md).
    const gray = json<{ id: string }>(
      await runCli(
        ['import', diffusionFixture('unet-gray16-float-scalar.onnx'), '--json'],
        dataDir,
      ),
    );
    const made = json<{ files: string[] }>(
      await runCli(
        [
          'sample',
          '--model',
          gray.id,
          '--seed',
          '21',
          '--count',
          '1',
          '--steps',
          '10',
          '--out',
          join(studio!.work, 'gray-sample'),
          '--json',
        ],
        dataDir,
      ),
    );
    // A picture without our metadata: it cannot be restored, only inverted.
    const sharp = (await import('sharp')).default;
    const plain = await sharp(made.files[0]).png().toBuffer();
    const target = decodePngRgba(new Uint8Array(plain)).rgba;
    await page.keyboard.press('Control+n');
    await page.reload();
    await page.getByTestId('runtime-info').waitFor();
    await page.getByTestId('model-picker').selectOption(gray.id);
    await page.getByTestId('diffusion-panel').waitFor();
    await page.getByTestId('sampler-select').selectOption('ddpm'); // inversion sets DDIM eta 0
    await page.getByTestId('steps-input').fill('10');
    await page.getByTestId('steps-input').press('Enter');
    await idle();
    const anchors = async () =>
      Number(await page.getByTestId('explore-stage').getAttribute('data-anchors'));
    const before = await anchors();
    await page.evaluate(
      ({ base64, name }) => {
        const raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([raw], name, { type: 'image/png' }));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true }));
      },
      { base64: plain.toString('base64'), name: 'photo.png' },
    );
    await expect
      .poll(() => page.getByTestId('image-status').textContent(), { timeout: 120_000 })
      .toMatch(/^distance .* \(on the canvas\)$/);
    await expect.poll(anchors).toBe(before + 1);
    expect(await page.getByTestId('project-button').textContent()).toBe('Invert');
    expect(await page.getByTestId('sampler-select').inputValue()).toBe('ddim');
    // The reconstruction shown beside the target: the same pixels as the dropped picture.
    const shown = await canvasPixels('[data-testid="image-result"]');
    expect(Buffer.from(shown).equals(Buffer.from(target))).toBe(true);
    expect(await page.getByTestId('image-status').textContent()).toBe(
      'distance 0.000 (on the canvas)',
    );
    await shot('06-inverted');
  });
});
