import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport, TrainConfig } from '../../main/contract/training-schemas';
import { dispatch, type DispatchResult } from '../../main/contract/dispatch';
import { tfjsBackendName } from '../../main/engine/models/tfjs-backend';
import { defaultsBackend } from '../../main/engine/training/runtime/defaults-backend';
import { openTempStudio } from '../support/temp-studio';

let temp: Awaited<ReturnType<typeof openTempStudio>>;
let work: string;

async function image(path: string, side: number, shade: number): Promise<void> {
  const png = await sharp({
    create: {
      width: side,
      height: side,
      channels: 3,
      background: { r: shade, g: 90, b: 200 - shade },
    },
  })
    .png()
    .toBuffer();
  await writeFile(path, png);
}

/** A folder of `n` distinct side×side PNGs (plus `small` images of 20 px). */
async function folder(name: string, n: number, side: number, small = 0): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < n; i++)
    await image(join(dir, `img-${String(i).padStart(2, '0')}.png`), side, i * 7);
  for (let i = 0; i < small; i++) await image(join(dir, `small-${i}.png`), 20, 100 + i);
  return dir;
}

function value<T>(result: DispatchResult): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}
const call = <T>(channel: string, payload: unknown) =>
  dispatch(temp.studio.handlers, channel, payload).then((r) => value<T>(r));

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'latent-studio-defaults-'));
  temp = await openTempStudio();
});
afterAll(async () => {
  await temp.close();
  await rm(work, { recursive: true, force: true });
});
afterEach(() => {
  delete process.env.LATENT_STUDIO_TRAIN_RUNTIME;
  delete process.env.LATENT_STUDIO_TRAIN_BACKEND;
});

describe("the app's training defaults follow the runtime that trains", () => {
  it('train.defaults sizes large images for onnxruntime (the default runtime), whatever tfjs backend this process has', async () => {
    const dir = await folder('large', 8, 80);
    const res = await call<{ config: TrainConfig; reasons: string[] }>('train.defaults', {
      folder: dir,
      family: 'gan',
    });
    // tfjs here is wasm (tfjs-node does not load): sizing from it would give 32 px and batch ≤ 32.
    expect(await tfjsBackendName()).not.toBe('onnxruntime');
    expect(res.config.size).toBe(64);
    expect(res.reasons.join(' ')).toContain('onnxruntime trains at native speed: 64 px');
    // The CLI asks the same function for the same choice.
    expect(await defaultsBackend('auto')).toBe('onnxruntime');
  });

  it('train.defaults sizes for tfjs when the run will train on tfjs (LATENT_STUDIO_TRAIN_RUNTIME), as the CLI does', async () => {
    const dir = await folder('large-tfjs', 8, 80);
    process.env.LATENT_STUDIO_TRAIN_RUNTIME = 'tfjs';
    process.env.LATENT_STUDIO_TRAIN_BACKEND = 'cpu';
    const res = await call<{ config: TrainConfig; reasons: string[] }>('train.defaults', {
      folder: dir,
      family: 'gan',
    });
    expect(res.config.size).toBe(32);
    expect(res.reasons.join(' ')).toContain('on the CPU (cpu) 64 px takes about 4× longer');
    expect(await defaultsBackend('tfjs')).toBe('cpu');
  });

  it("the scan's enlargement warning names the size the defaults choose, not a fixed 64", async () => {
    // Median short side 40 px: the defaults train at 32, so only the 20 px images are enlarged.
    const dir = await folder('small', 6, 40, 2);
    const scan = await call<ScanReport>('dataset.scan', { folder: dir });
    const defaults = await call<{ config: TrainConfig }>('train.defaults', { folder: dir });
    expect(defaults.config.size).toBe(32);
    const enlarged = scan.warnings.filter((w) => w.includes('enlarged'));
    expect(enlarged).toEqual([
      '2 images are smaller than 32 px on the short side and will be enlarged (blurry) for training at 32×32.',
    ]);
  });
});

describe('dataset.thumbnails', () => {
  it('gives a bounded, even sample of the files the scan accepted, small', async () => {
    const dir = await folder('thumbs', 10, 80);
    await writeFile(join(dir, 'notes.txt'), 'not an image');
    await call<ScanReport>('dataset.scan', { folder: dir });
    const res = await call<{
      thumbnails: { file: string; width: number; height: number; rgba: Uint8Array }[];
      of: number;
    }>('dataset.thumbnails', { folder: dir, count: 4, size: 32 });
    expect(res.of).toBe(10);
    expect(res.thumbnails.map((t) => t.file)).toEqual([
      'img-00.png',
      'img-03.png',
      'img-06.png',
      'img-09.png',
    ]);
    for (const t of res.thumbnails) {
      expect([t.width, t.height]).toEqual([32, 32]);
      expect(t.rgba.length).toBe(32 * 32 * 4);
    }
    // The first image's colour survives the resize (shade 0: r 0, g 90, b 200).
    expect([...res.thumbnails[0]!.rgba.subarray(0, 4)]).toEqual([0, 90, 200, 255]);
  });

  it('refuses a folder that was not scanned and counts or sizes over the bounds', async () => {
    const dir = await folder('unscanned', 3, 40);
    const unscanned = await dispatch(temp.studio.handlers, 'dataset.thumbnails', { folder: dir });
    expect(unscanned.ok ? null : unscanned.error.code).toBe('NOT_FOUND');
    for (const bad of [{ count: 25 }, { size: 512 }, { count: 0 }]) {
      const res = await dispatch(temp.studio.handlers, 'dataset.thumbnails', {
        folder: dir,
        ...bad,
      });
      expect(res.ok ? null : res.error.code).toBe('BAD_REQUEST');
    }
  });

  it('never reads a file that was swapped for a link out of the folder after the scan', async () => {
    const dir = await folder('swapped', 2, 40);
    const outside = join(work, 'outside.png');
    await image(outside, 40, 50);
    await call<ScanReport>('dataset.scan', { folder: dir });
    await rm(join(dir, 'img-01.png'));
    await symlink(outside, join(dir, 'img-01.png'));
    const res = await call<{ thumbnails: { file: string }[] }>('dataset.thumbnails', {
      folder: dir,
    });
    expect(res.thumbnails.map((t) => t.file)).toEqual(['img-00.png']);
  });
});
