import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openStudioPage } from '../../test/support/studio-page';
import { REPO_ROOT } from '../../test/support/temp-studio';

/**
 * The screenshots kept in docs/screenshots (issue 12: every screen at 1440×900 and 1024×700,
 * checked by eye): the real `serve` on a fresh data folder, in Debian's Chromium, on the bundled
 * models and the committed Fashion-MNIST fixture folder.
 *
 *   npm run build && npx tsx scripts/screenshots/take-screenshots.ts [OUT_DIR]
 */
const out = process.argv[2] ?? join(REPO_ROOT, 'docs', 'screenshots');
const SIZES = [
  [1440, 900],
  [1024, 700],
] as const;

await mkdir(out, { recursive: true });
const studio = await openStudioPage('screenshots-');
const { page } = studio;
const byId = (id: string) => page.getByTestId(id);
async function shoot(name: string): Promise<void> {
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(out, `${name}-${width}x${height}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}
try {
  await byId('screen-tab-explore').click();
  await page.waitForTimeout(2500);
  await shoot('explore');

  await byId('screen-tab-train').click();
  await byId('train-folder-input').fill(join(REPO_ROOT, 'test', 'fixtures', 'fashion-mnist'));
  await byId('train-scan-button').click();
  await byId('train-steps').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  await shoot('train');

  await byId('screen-tab-evaluate').click();
  await page.waitForTimeout(1000);
  await shoot('evaluate');

  if ((await byId('screen-tab-text').count()) > 0) {
    await byId('screen-tab-text').click();
    await page.waitForTimeout(1500);
    await shoot('text');
  }
  console.log(`screenshots in ${out}`);
} finally {
  await studio.close();
}
