import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetLoader, epochOrder } from './dataset-loader';
import { PreprocessedCache } from './preprocessed-cache';

const MESSY = resolve(__dirname, '../../../test/fixtures/messy');
const FILES = [
  'alpha.png',
  'animated.gif',
  'deep-16bit.png',
  'gray.png',
  'photo-a.png',
  'photo-b.jpg',
  'photo-c.webp',
];
const SIZE = 8;
const SAMPLE = SIZE * SIZE * 3;

let folder: string;
let cache: PreprocessedCache;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'latent-loader-'));
  for (const f of FILES) cpSync(join(MESSY, f), join(folder, f));
  cache = await PreprocessedCache.open(join(folder, '.cache'), folder, {
    size: SIZE,
    channels: 3,
    background: 'white',
  });
  await cache.build(FILES);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function take(loader: DatasetLoader, n: number): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < n; i++) out.push(await loader.next());
  return out;
}

describe('DatasetLoader', () => {
  it('gives NHWC float batches in [-1, 1], the same for the same seed, different for another', async () => {
    const a = await DatasetLoader.open(cache, { batch: 3, seed: 7 });
    const b = await DatasetLoader.open(cache, { batch: 3, seed: 7 });
    const c = await DatasetLoader.open(cache, { batch: 3, seed: 8 });
    const [ba, bb, bc] = await Promise.all([take(a, 5), take(b, 5), take(c, 5)]);
    expect(ba[0]!.length).toBe(3 * SAMPLE);
    expect(ba.every((batch) => batch.every((v) => v >= -1 && v <= 1))).toBe(true);
    expect(ba).toEqual(bb);
    expect(ba).not.toEqual(bc);
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('visits every image exactly once per epoch, reshuffled each epoch', async () => {
    const order0 = epochOrder(FILES.length, 7, 0);
    expect([...order0].sort()).toEqual(FILES.map((_, i) => i));
    expect(epochOrder(FILES.length, 7, 1)).not.toEqual(order0);
    // batch = 7 = one epoch per batch: each batch holds every sample once.
    const loader = await DatasetLoader.open(cache, { batch: FILES.length, seed: 7 });
    const [epoch0] = await take(loader, 1);
    const firstPixels = (batch: Float32Array) =>
      Array.from({ length: FILES.length }, (_, k) =>
        Array.from(batch.subarray(k * SAMPLE, k * SAMPLE + 12)).join(),
      ).sort();
    const single = await DatasetLoader.open(cache, { batch: 1, seed: 7 });
    const all = await take(single, FILES.length);
    expect(firstPixels(epoch0!)).toEqual(
      all.map((b) => Array.from(b.subarray(0, 12)).join()).sort(),
    );
    expect(loader.epochFraction).toBe(1);
    await Promise.all([loader.close(), single.close()]);
  });

  it('restore() continues exactly where the state was taken, across epoch boundaries', async () => {
    const straight = await DatasetLoader.open(cache, { batch: 3, seed: 42 });
    const reference = await take(straight, 12);
    const first = await DatasetLoader.open(cache, { batch: 3, seed: 42 });
    await take(first, 5);
    const saved = first.state();
    expect(saved).toEqual({ seed: 42, epoch: 2, position: 1 }); // 15 samples of 7 per epoch
    expect(first.epochFraction).toBeCloseTo(15 / 7);
    await first.close();
    const resumed = await DatasetLoader.open(cache, { batch: 3, seed: 1 }); // seed comes from state
    await take(resumed, 2); // prefetched batches from before restore must be dropped
    resumed.restore(saved);
    expect(await take(resumed, 7)).toEqual(reference.slice(5));
    await Promise.all([straight.close(), resumed.close()]);
  });

  it("serves as the trainer's BatchSource: size, channels, batch size chosen per call", async () => {
    const loader = await DatasetLoader.open(cache, { batch: 2, seed: 9 });
    expect([loader.size, loader.channels, loader.count]).toEqual([SIZE, 3, FILES.length]);
    const reference = await DatasetLoader.open(cache, { batch: 1, seed: 9 });
    const singles = await take(reference, 6);
    await loader.next(2);
    const four = await loader.next(4); // read-ahead at batch 2 is redone at 4
    expect(four).toEqual(Float32Array.from(singles.slice(2, 6).flatMap((b) => [...b])));
    expect(loader.epoch()).toBeCloseTo(6 / FILES.length);
    await Promise.all([loader.close(), reference.close()]);
  });

  it('refuses an empty cache and a state that does not fit', async () => {
    const empty = await PreprocessedCache.open(join(folder, '.empty'), folder, {
      size: SIZE,
      channels: 3,
      background: 'white',
    });
    await expect(DatasetLoader.open(empty, { batch: 2, seed: 1 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const loader = await DatasetLoader.open(cache, { batch: 2, seed: 1 });
    expect(() => loader.restore({ seed: 1, epoch: 0, position: 99 })).toThrow(/does not fit/);
    expect(() => loader.restore({ seed: -1, epoch: 0, position: 0 })).toThrow(/does not fit/);
    await loader.close();
  });
});
