import { join } from 'node:path';
import type { TrainConfig } from '../../contract/training-schemas';
import { DatasetLoader, type LoaderState } from '../dataset/dataset-loader';
import { findImageFiles } from '../dataset/find-image-files';
import { PreprocessedCache } from '../dataset/preprocessed-cache';
import type { BatchSource } from './data-source';

/** A checkpoint's loader state, checked before it reaches the loader. */
function loaderState(state: unknown): LoaderState {
  const s = state as Partial<LoaderState> | null;
  if (typeof s?.seed !== 'number' || typeof s.epoch !== 'number' || typeof s.position !== 'number')
    throw new Error('The checkpoint does not hold a position in the data set (loader state).');
  return { seed: s.seed, epoch: s.epoch, position: s.position };
}

/** The dataset engineer's DatasetLoader seen as the trainer's BatchSource (its batch size is fixed at open). */
export function fromDatasetLoader(loader: DatasetLoader, config: TrainConfig): BatchSource {
  return {
    count: loader.count,
    size: config.size,
    channels: config.channels,
    async next(batch) {
      if (batch !== config.batch)
        throw new Error(`The loader was opened for batches of ${config.batch}, not ${batch}.`);
      return loader.next();
    },
    epoch: () => loader.epochFraction,
    state: () => loader.state(),
    restore: (state) => loader.restore(loaderState(state)),
    close: () => loader.close(),
  };
}

/**
 * Opens a folder through the preprocessed cache (decoded once to a shard on disk, reused while the
 * files are unchanged) and the seeded, prefetching DatasetLoader. The cache lives in
 * `<outDir>/cache` unless `cacheDir` is given.
 */
export async function openDatasetSource(
  folder: string,
  config: TrainConfig,
  outDir: string,
  cacheDir = join(outDir, 'cache'),
  onNotice: (message: string) => void = () => undefined,
): Promise<BatchSource> {
  const cache = await PreprocessedCache.open(cacheDir, folder, {
    size: config.size,
    channels: config.channels,
    background: config.background,
  });
  const built = await cache.build(await findImageFiles(cache.folder));
  if (built.failed.length > 0)
    onNotice(
      `${built.failed.length} file(s) could not be read and are left out, e.g. ${built.failed[0]?.file}: ${built.failed[0]?.reason}`,
    );
  if (cache.count === 0) throw new Error(`No readable images were found in ${folder}.`);
  return fromDatasetLoader(
    await DatasetLoader.open(cache, { batch: config.batch, seed: config.seed }),
    config,
  );
}
