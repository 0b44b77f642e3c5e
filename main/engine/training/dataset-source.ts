import { join } from 'node:path';
import type { TrainConfig } from '../../contract/training-schemas';
import { DatasetLoader, type LoaderState } from '../dataset/dataset-loader';
import { findImageFiles } from '../dataset/find-image-files';
import { PreprocessedCache } from '../dataset/preprocessed-cache';
import type { BatchSource, TrainingImages } from './data-source';
import { heldOutSplit } from './detectors/held-out-split';

/** A checkpoint's loader state, checked before it reaches the loader. */
function loaderState(state: unknown): LoaderState {
  const s = state as Partial<LoaderState> | null;
  if (typeof s?.seed !== 'number' || typeof s.epoch !== 'number' || typeof s.position !== 'number')
    throw new Error('The checkpoint does not hold a position in the data set (loader state).');
  return { seed: s.seed, epoch: s.epoch, position: s.position };
}

/** The dataset engineer's DatasetLoader seen as the trainer's BatchSource (its batch size is fixed at open). */
export function fromDatasetLoader(
  loader: DatasetLoader,
  config: TrainConfig,
  images?: TrainingImages,
): BatchSource {
  return {
    images,
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
  // A VAE or PixelCNN keeps ~5% of the images out of training, to chart its loss on images it
  // never saw (the PixelCNN's held-out bits/dim).
  const heldOut = config.family === 'vae' || config.family === 'pixelcnn';
  const split = heldOut
    ? heldOutSplit(cache.count, config.seed)
    : { train: undefined, heldOut: new Uint32Array(0) };
  if (heldOut)
    onNotice(
      split.heldOut.length > 0
        ? `${split.heldOut.length} of ${cache.count} images are held out of training to measure over-fitting.`
        : `Only ${cache.count} images: none is held out, so there is no held-out loss.`,
    );
  const loader = await DatasetLoader.open(cache, {
    batch: config.batch,
    seed: config.seed,
    indices: split.train,
  });
  return fromDatasetLoader(loader, config, {
    files: cache.entries.map((e) => e.path),
    trainIndices: split.train ?? Uint32Array.from({ length: cache.count }, (_, i) => i),
    heldOutIndices: split.heldOut,
    read: (indices) => loader.readSamples(indices),
  });
}
