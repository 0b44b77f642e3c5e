import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
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
import { TINY_EXTRACTOR } from '../training/detector-fixtures';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the PyTorch job end-to-end test: ${missing}`);

let studio: StudioPage | undefined;
let page: Page;
let work = '';
const byId = (id: string) => page.getByTestId(id);

/** 12 small PNGs of noise stripes: enough for the scan to allow a run. */
async function stripesFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < 12; i++) {
    const rgba = new Uint8Array(32 * 32 * 4);
    for (let p = 0; p < 32 * 32; p++)
      rgba.set([(p * (i + 3)) % 256, (p >> 5) * 8, i * 20, 255], p * 4);
    await writeFile(join(dir, `stripes-${i}.png`), encodePng({ width: 32, height: 32, rgba }));
  }
}

/**
 * Issue 14 in the browser shell: a GAN trained for two steps leaves as a PyTorch job from the
 * Train screen (the registered command's button), into a folder the user chose; the panel shows
 * the folder, its files and the README's launch commands, and the folder on disk holds them.
 */
describe.skipIf(missing !== null)('Export as PyTorch job (real serve, real Chromium)', () => {
  beforeAll(async () => {
    studio = await openStudioPage('latent-job-e2e-');
    ({ work, page } = studio);
    await stripesFolder(join(work, 'stripes'));
    await mkdir(join(work, 'jobs-here'));
  }, 300_000);
  afterAll(() => studio?.close());

  it('trains a tiny GAN for two steps', async () => {
    await page.keyboard.press('2');
    await byId('screen-train').waitFor();
    expect(await byId('train-export-job-button').isDisabled()).toBe(true);
    await byId('train-folder-input').fill(join(work, 'stripes'));
    await byId('train-scan-button').click();
    await byId('train-eval-every').waitFor({ timeout: 60_000 });
    await byId('train-family').selectOption('gan');
    await expect.poll(() => byId('train-family').inputValue()).toBe('gan');
    await byId('train-size').selectOption('32');
    await byId('train-width').fill('4');
    await byId('train-extractor').selectOption('onnx');
    await byId('train-extractor-path').fill(TINY_EXTRACTOR);
    await byId('train-eval-every').fill('0');
    await byId('train-steps').fill('2');
    await byId('train-batch').fill('4');
    await byId('train-preview-every').fill('2');
    await byId('train-checkpoint-every').fill('2');
    await byId('train-start-button').click();
    await expect
      .poll(() => byId('train-state').getAttribute('data-state'), { timeout: 240_000 })
      .toBe('finished');
  }, 300_000);

  it('exports the run as a job into a chosen folder, showing its files and launch commands', async () => {
    await byId('train-export-job-button').click();
    await byId('job-export').waitFor();
    // A folder that does not exist (outside the data folder) is refused in words, nothing written.
    await byId('job-export-into').fill(join(work, 'no-such-folder'));
    await byId('job-export-button').click();
    await expect
      .poll(() => byId('error-banner').textContent(), { timeout: 30_000 })
      .toMatch(/Exporting the PyTorch job failed: The folder .*no-such-folder does not exist/);

    await byId('job-export-into').fill(join(work, 'jobs-here'));
    await byId('job-export-button').click();
    await byId('job-export-result').waitFor({ timeout: 120_000 });
    const dir = (await byId('job-export-dir').textContent()) ?? '';
    expect(dir).toMatch(new RegExp(`^${join(work, 'jobs-here')}/[^/]+-pytorch$`));
    expect(await byId('job-export-files').textContent()).toMatch(/README\.md.*train\.py/);
    const commands = (await byId('job-export-commands').textContent()) ?? '';
    expect(commands).toMatch(/torchrun --standalone --nproc_per_node=\d+ train\.py/);
    expect(commands).toContain('--procs');

    await access(join(dir, 'train.py'));
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    expect(readme).toMatch(/torchrun --standalone --nproc_per_node=\d+ train\.py/);
    // What the panel shows is what the README says.
    const torchrun = /torchrun --standalone[^\n]*/.exec(commands)?.[0] ?? 'missing';
    expect(readme).toContain(torchrun);
    await page.screenshot({ path: join(ARTIFACTS, 'train-export-job.png') });
  }, 180_000);
});
