import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PngMetadata } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import { concatBytes, encodePng, readPngTextChunks } from '../../main/engine/image/png';
import { makeChunk } from '../../main/engine/image/png-chunks';
import { readPngMetadata } from '../../main/engine/image/png-metadata';
import { float32ToBase64 } from '../../main/engine/latent/base64';
import { sampleNormalLatent } from '../../main/engine/latent/prng';
import { bombPng, zTxtBomb } from '../support/png-bombs';
import { openTempStudio } from '../support/temp-studio';

const meta: PngMetadata = {
  app: 'Latent Studio',
  appVersion: '0.1.0',
  modelName: 'bombed',
  modelSha256: 'cd'.repeat(32),
  seed: 3,
  truncation: null,
  latentDim: 64,
  z: float32ToBase64(sampleNormalLatent(3, 64)),
};

let temp: Awaited<ReturnType<typeof openTempStudio>>;
beforeAll(async () => {
  temp = await openTempStudio('browser');
});
afterAll(() => temp.close());

const seconds = (t0: number) => (performance.now() - t0) / 1000;

describe('PNG text decompression bombs (issue 13: 1.6 MB → 18 s and 1.8 GB)', () => {
  it('100 chunks of 16 MiB each: the metadata is read in well under a second', () => {
    const png = bombPng(100, meta);
    expect(png.length).toBeLessThan(2_000_000); // issue 13's file: 1.6 MB
    const t0 = performance.now();
    expect(readPngMetadata(png, 'bomb.png')).toEqual(meta);
    expect(seconds(t0)).toBeLessThan(1);
  });

  it('all text of a file inflates to at most 4 MiB; past that it is refused in words', () => {
    const png400 = bombPng(400);
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    expect(() => readPngTextChunks(png400, 'bomb.png')).toThrow(
      /"bomb.png" holds more than 4 MiB of compressed text \(a decompression bomb\?\)/,
    );
    expect(seconds(t0)).toBeLessThan(1);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    // Our own chunk as the bomb: refused, not inflated to 16 MiB.
    const png = bombPng(0);
    const iend = png.length - 12;
    const ours = concatBytes([
      png.subarray(0, iend),
      zTxtBomb('latent-studio', 16),
      png.subarray(iend),
    ]);
    expect(() => readPngMetadata(ours, 'ours.png')).toThrow(/decompression bomb/);
  });

  it('png.read over the contract: a 400-chunk bomb answered in words, quickly', async () => {
    const bytes = bombPng(400, meta);
    await dispatch(temp.studio.handlers, 'png.read', { bytes: bombPng(0) }); // thread started
    const t0 = performance.now();
    const result = await dispatch(temp.studio.handlers, 'png.read', { bytes, name: 'bomb.png' });
    expect(result).toEqual({ ok: true, value: { metadata: meta } });
    expect(seconds(t0)).toBeLessThan(2);
  });

  it('png.read parses off the thread that serves requests', async () => {
    // ~48 MB of legitimate text chunks: checksumming and scanning them takes a while.
    const filler = makeChunk('tEXt', Buffer.from(`Filler\0${'x'.repeat(24_000)}`, 'latin1'));
    const png = encodePng({ width: 2, height: 2, rgba: new Uint8Array(16) });
    const iend = png.length - 12;
    const big = concatBytes([
      png.subarray(0, iend),
      ...Array<Uint8Array>(2000).fill(filler),
      png.subarray(iend),
    ]);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    await dispatch(temp.studio.handlers, 'png.read', {
      bytes: encodePng({ width: 1, height: 1, rgba: new Uint8Array(4) }),
    });
    delay.enable();
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    const result = await dispatch(temp.studio.handlers, 'png.read', {
      bytes: big,
      name: 'big.png',
    });
    const total = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 50)); // the timer must tick once more to record a stall
    delay.disable();
    expect(result).toEqual({ ok: true, value: { metadata: null } });
    const worst = delay.max / 1e6;
    // Parsed inline, the loop would stall for the whole parse; offloaded, only for the copy.
    expect(worst, `longest stall ${worst.toFixed(0)} ms of ${total.toFixed(0)} ms`).toBeLessThan(
      total / 2,
    );
  });
});
