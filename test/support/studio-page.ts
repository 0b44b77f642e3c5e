import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { startServeProcess } from './serve-process';
import { REPO_ROOT } from './temp-studio';

/** Where browser end-to-end tests leave their screenshots. */
export const E2E_ARTIFACTS = join(REPO_ROOT, 'test-results', 'e2e');

export interface StudioPage {
  /** A fresh temp folder: the studio's data lives in `<work>/data`; tests may add their own files. */
  work: string;
  page: Page;
  /** Closes the browser, stops the server and removes `work`. */
  close(): Promise<void>;
}

/**
 * The real `latent-studio serve` on a fresh data folder, with headless Chromium open on it and the
 * runtime info shown (the studio has connected). If any step fails, what was started is stopped.
 */
export async function openStudioPage(tempPrefix: string): Promise<StudioPage> {
  await mkdir(E2E_ARTIFACTS, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), tempPrefix));
  const undo: Array<() => Promise<void>> = [() => rm(work, { recursive: true, force: true })];
  const close = async () => {
    for (const step of undo.splice(0).reverse()) await step();
  };
  try {
    const serve = await startServeProcess(join(work, 'data'));
    undo.push(() => serve.stop());
    const browser = await launchChromium();
    undo.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(serve.url);
    // The page connects and asks app.info: slow on a loaded machine, so more than the default 30 s.
    await page.getByTestId('runtime-info').waitFor({ timeout: 90_000 });
    return { work, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
