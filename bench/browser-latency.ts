import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudio } from '../main/engine/studio';
import { startServer } from '../main/server/server';
import { launchChromium } from '../test/support/chromium';

export interface LatencyResult {
  samples: number;
  medianMs: number;
  p90Ms: number;
  maxMs: number;
  model: string;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/**
 * Latent change → finished frame, through the real browser shell in Chromium: a real pointer move
 * on the explore canvas (its timestamp taken by the page) until the blended preview canvas has been
 * redrawn (its data-frame-hash changes). The path measured: geometry → live scheduler → WebSocket →
 * engine (resolve, onnxruntime, RGBA) → WebSocket → ImageData on the canvas.
 */
export async function browserLatency(
  root: string,
  moves: number,
  modelId: string,
): Promise<LatencyResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'latent-bench-ui-'));
  const studio = await createStudio({ dataDir, assetsDir: join(root, 'assets'), shell: 'browser' });
  const server = await startServer({ studio, rendererDir: join(root, 'dist', 'renderer') });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    await page.getByTestId('model-picker').selectOption(modelId);
    await page.getByTestId('sample-button').click();
    await page.getByTestId('grid-tile-3').locator('canvas').waitFor();
    await page.getByTestId('grid-tile-0').click();
    for (const i of [1, 2, 3])
      await page.getByTestId(`grid-tile-${i}`).click({ modifiers: ['Control'] });
    await page.getByTestId('place-button').click();
    const stage = page.getByTestId('explore-stage');
    const box = (await stage.boundingBox())!;
    await page.evaluate(() => {
      const w = window as unknown as { __moveAt: number; __frameAt: number };
      window.addEventListener('pointermove', (e) => (w.__moveAt = e.timeStamp), { capture: true });
      const canvas = document.querySelector('[data-testid="probe-preview"]')!;
      new MutationObserver(() => (w.__frameAt = performance.now())).observe(canvas, {
        attributeFilter: ['data-frame-hash'],
      });
    });
    const latencies: number[] = [];
    for (let i = 0; i < moves; i++) {
      const hashBefore = await page.getByTestId('probe-preview').getAttribute('data-frame-hash');
      // A path that sweeps between the anchors, so every move changes the blend.
      const x = box.x + box.width * (0.2 + 0.6 * ((i * 0.137) % 1));
      const y = box.y + box.height * (0.2 + 0.6 * ((i * 0.291) % 1));
      await page.mouse.move(x, y);
      const changed = await page
        .waitForFunction(
          (before) =>
            document
              .querySelector('[data-testid="probe-preview"]')
              ?.getAttribute('data-frame-hash') !== before,
          hashBefore,
          { timeout: 5000 },
        )
        .then(
          () => true,
          () => false,
        );
      if (!changed) continue; // same blend as before (outside every anchor's radius): nothing to time
      const ms = await page.evaluate(() => {
        const w = window as unknown as { __moveAt: number; __frameAt: number };
        return w.__frameAt - w.__moveAt;
      });
      if (i >= 5) latencies.push(ms); // first frames warm up the JIT and the session
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      samples: sorted.length,
      medianMs: round(quantile(sorted, 0.5)),
      p90Ms: round(quantile(sorted, 0.9)),
      maxMs: round(sorted[sorted.length - 1] ?? NaN),
      model: modelId,
    };
  } finally {
    await browser.close();
    await server.close();
    await studio.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}
