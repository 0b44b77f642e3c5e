import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeForTraining, type TrainingImageSettings } from './decode-for-training';
import { PreprocessedCache } from './preprocessed-cache';

const MESSY = resolve(__dirname, '../../../test/fixtures/messy');
const FILES = [
  'alpha.png',
  'animated.gif',
  'deep-16bit.png',
  'photo-b.jpg',
  'rotated-exif6.jpg',
  'sub/more-1.png',
];
const SETTINGS: TrainingImageSettings = { size: 16, channels: 3, background: 'black' };

let folder: string;
let cacheDir: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'latent-cache-src-'));
  cacheDir = mkdtempSync(join(tmpdir(), 'latent-cache-'));
  for (const f of FILES) cpSync(join(MESSY, f), join(folder, f));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('PreprocessedCache', () => {
  it('packs every image, in order, exactly as decodeForTraining decodes it', async () => {
    const cache = await PreprocessedCache.open(cacheDir, folder, SETTINGS);
    expect(await cache.build(FILES)).toEqual({ decoded: FILES.length, reused: 0, failed: [] });
    const shard = readFileSync(cache.shardPath!);
    expect(shard.length).toBe(FILES.length * 16 * 16 * 3);
    for (const [i, f] of FILES.entries()) {
      const expected = await decodeForTraining(join(folder, f), SETTINGS);
      expect(new Uint8Array(shard.subarray(i * 768, (i + 1) * 768))).toEqual(expected);
    }
    expect(cache.entries.map((e) => e.path)).toEqual(FILES.map((f) => join(folder, f)));
  });

  it('a second run (new process, same folder) decodes nothing', async () => {
    await (await PreprocessedCache.open(cacheDir, folder, SETTINGS)).build(FILES);
    const reopened = await PreprocessedCache.open(cacheDir, folder, SETTINGS);
    expect(reopened.count).toBe(FILES.length);
    expect(await reopened.build(FILES)).toEqual({ decoded: 0, reused: FILES.length, failed: [] });
  });

  it('re-decodes only the file whose mtime changed, keeping the others byte for byte', async () => {
    const first = await PreprocessedCache.open(cacheDir, folder, SETTINGS);
    await first.build(FILES);
    const before = readFileSync(first.shardPath!);
    // Same file, new mtime, different content: what an editor's "save" looks like.
    cpSync(join(MESSY, 'photo-c.webp'), join(folder, 'photo-b.jpg'));
    utimesSync(join(folder, 'photo-b.jpg'), new Date(), new Date(Date.now() + 5000));
    const cache = await PreprocessedCache.open(cacheDir, folder, SETTINGS);
    expect(await cache.build(FILES)).toEqual({ decoded: 1, reused: FILES.length - 1, failed: [] });
    const after = readFileSync(cache.shardPath!);
    const changed = FILES.indexOf('photo-b.jpg');
    for (let i = 0; i < FILES.length; i++) {
      const same = before
        .subarray(i * 768, (i + 1) * 768)
        .equals(after.subarray(i * 768, (i + 1) * 768));
      expect(same).toBe(i !== changed);
    }
    // The old shard is gone: one shard and one index per folder + settings, no temp files.
    expect(readdirSync(cacheDir).sort()).toEqual(
      [
        cache.shardPath!.split('/').pop(),
        readdirSync(cacheDir).find((n) => n.endsWith('.index.json')),
      ].sort(),
    );
  });

  it('keeps separate caches per settings, and leaves out (and names, without retrying) files that cannot be decoded', async () => {
    cpSync(join(MESSY, 'bad/truncated.jpg'), join(folder, 'truncated.jpg'));
    const gray = await PreprocessedCache.open(cacheDir, folder, { ...SETTINGS, channels: 1 });
    const result = await gray.build([...FILES, 'truncated.jpg', 'gone.png']);
    expect(result.decoded).toBe(FILES.length);
    expect(result.failed.map((f) => f.file)).toEqual(['truncated.jpg', 'gone.png']);
    expect(gray.count).toBe(FILES.length);
    // Unchanged, the bad file is not retried and nothing is rewritten; it is still named.
    const shard = gray.shardPath;
    const again = await gray.build([...FILES, 'truncated.jpg']);
    expect(again).toMatchObject({ decoded: 0, reused: FILES.length });
    expect(again.failed.map((f) => f.file)).toEqual(['truncated.jpg']);
    expect(gray.shardPath).toBe(shard);
    const colour = await PreprocessedCache.open(cacheDir, folder, SETTINGS);
    expect(colour.count).toBe(0);
    expect(await colour.build(FILES.slice(0, 2))).toMatchObject({ decoded: 2 });
    expect(
      (await PreprocessedCache.open(cacheDir, folder, { ...SETTINGS, channels: 1 })).count,
    ).toBe(FILES.length);
  });

  it('stops with CANCELLED and leaves the previous cache intact', async () => {
    const cache = await PreprocessedCache.open(cacheDir, folder, SETTINGS);
    await cache.build(FILES.slice(0, 3));
    const controller = new AbortController();
    const building = cache.build(FILES, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(building).rejects.toMatchObject({ code: 'CANCELLED' });
    const reopened = await PreprocessedCache.open(cacheDir, folder, SETTINGS);
    expect(reopened.count).toBe(3);
    expect(readdirSync(cacheDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
