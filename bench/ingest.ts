import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DECODE_CONCURRENCY, mapBounded } from '../main/engine/dataset/bounded-pool';
import { PreprocessedCache } from '../main/engine/dataset/preprocessed-cache';
import { scanFolder } from '../main/engine/dataset/scan-folder';

export interface IngestResult {
  images: number;
  appImagesPerSec: number;
  sharpImagesPerSec: number;
  /** app / sharp: 1.0 means the cache build costs nothing beyond the decode+resize itself. */
  ratio: number;
}

/**
 * Preparing a training folder: PreprocessedCache.build (decode, EXIF, flatten, crop, resize,
 * shard write, atomic index) against a bare sharp loop doing the same crop+resize to raw pixels on
 * the same files with the same number of parallel jobs and writing nothing. Both start from an
 * empty preprocessed cache; the files are read once beforehand so both find them in the OS page
 * cache and neither pays the first disk read alone. Rounds alternate so machine noise hits both.
 */
export async function ingestBench(folder: string, size: number, rounds = 3): Promise<IngestResult> {
  const { files, folder: root } = await scanFolder(folder);
  const names = files.map((f) => f.file);
  if (names.length === 0) throw new Error(`${folder} holds no usable images to benchmark.`);
  for (const name of names) await readFile(join(root, name));

  const bare = () =>
    mapBounded(names, DECODE_CONCURRENCY, (name) =>
      sharp(join(root, name), { pages: 1 })
        .rotate()
        .resize(size, size, { fit: 'cover', kernel: 'lanczos3' })
        .toColourspace('srgb')
        .raw()
        .toBuffer(),
    );
  const app = async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'latent-ingest-'));
    try {
      const cache = await PreprocessedCache.open(cacheDir, root, {
        size,
        channels: 3,
        background: 'white',
      });
      await cache.build(names);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  };
  let appSeconds = 0;
  let sharpSeconds = 0;
  for (let round = 0; round < rounds; round++) {
    sharpSeconds += await seconds(bare);
    appSeconds += await seconds(app);
  }
  const appImagesPerSec = (names.length * rounds) / appSeconds;
  const sharpImagesPerSec = (names.length * rounds) / sharpSeconds;
  return {
    images: names.length,
    appImagesPerSec: Math.round(appImagesPerSec),
    sharpImagesPerSec: Math.round(sharpImagesPerSec),
    ratio: Math.round((appImagesPerSec / sharpImagesPerSec) * 1000) / 1000,
  };
}

async function seconds(job: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await job();
  return (performance.now() - start) / 1000;
}
