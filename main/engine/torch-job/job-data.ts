import { access, copyFile, mkdir, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { StudioError } from '../../contract/channels';
import type { TrainConfig } from '../../contract/training-schemas';
import { loadIndex, type CacheIndex } from '../dataset/cache-index';
import { findImageFiles } from '../dataset/find-image-files';
import { PreprocessedCache } from '../dataset/preprocessed-cache';
import { heldOutSplit } from '../training/detectors/held-out-split';

/**
 * The job's images: the app's preprocessed cache (decoded once by sharp, exactly what the app
 * trains on), either copied into the job (`copy`, self-contained), referenced where it is
 * (`reference`), or re-decoded by the job from the original folder (`folder`, with Pillow: a few
 * levels off sharp's pixels). data/index.json says which samples are trained on (a VAE holds ~5%
 * out, as the app does) in shard order, so the job's epoch order is the app's.
 */
export type DataMode = 'copy' | 'reference' | 'folder';

export interface JobDataIndex {
  format: 'latent-studio-job-data';
  version: 1;
  mode: DataMode;
  /** The shard, relative to the job folder (copy), absolute (reference), or '' (folder: decoded by the job). */
  shard: string;
  count: number;
  size: number;
  channels: 1 | 3;
  background: 'white' | 'black';
  folder: string;
  /** Source files relative to `folder`, in shard order (what `folder` mode decodes). */
  files: string[];
  trainIndices: number[];
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

/** The cache of `cacheDir` made with the run's settings (one per folder; several is ambiguous). */
async function findCache(cacheDir: string, config: TrainConfig): Promise<CacheIndex | null> {
  const names = (await readdir(cacheDir).catch(() => [])).filter((n) => n.endsWith('.index.json'));
  const sampleBytes = config.size * config.size * config.channels;
  const found: CacheIndex[] = [];
  for (const name of names) {
    const index = await loadIndex(cacheDir, name.slice(0, -'.index.json'.length), sampleBytes);
    const s = index?.settings;
    if (
      index &&
      s?.size === config.size &&
      s.channels === config.channels &&
      s.background === config.background
    )
      found.push(index);
  }
  if (found.length > 1)
    throw new StudioError(
      'BAD_REQUEST',
      `${cacheDir} holds prepared images of ${found.length} folders (${found.map((f) => f.folder).join(', ')}): name the one this run trained on with --folder.`,
    );
  return found[0] ?? null;
}

/**
 * The run's prepared images, brought up to date with the folder as the app's own resume would
 * (unchanged files are reused, so this is instant when nothing changed).
 */
export async function openRunCache(
  cacheDir: string,
  config: TrainConfig,
  folder: string | null,
  notice: (m: string) => void,
): Promise<PreprocessedCache> {
  const settings = { size: config.size, channels: config.channels, background: config.background };
  const known = folder ? null : await findCache(cacheDir, config);
  const source = folder ?? known?.folder;
  if (!source)
    throw new StudioError(
      'NOT_FOUND',
      `No prepared images of this run are in ${cacheDir}: name the image folder it trained on with --folder.`,
    );
  const cache = await PreprocessedCache.open(cacheDir, source, settings);
  if (await exists(source)) {
    const built = await cache.build(await findImageFiles(cache.folder));
    if (built.decoded > 0) notice(`Prepared ${built.decoded} new or changed images of ${source}.`);
    if (built.failed.length > 0)
      notice(`${built.failed.length} file(s) could not be read and are left out.`);
  } else notice(`${source} is gone; the job uses the images prepared from it before.`);
  if (cache.count === 0 || !cache.shardPath)
    throw new StudioError('NOT_FOUND', `No readable images were prepared from ${source}.`);
  return cache;
}

/** Writes data/ of the job (index.json; the shard itself in copy mode). */
export async function writeJobData(
  jobDir: string,
  cache: PreprocessedCache,
  config: TrainConfig,
  mode: DataMode,
): Promise<JobDataIndex> {
  const dataDir = join(jobDir, 'data');
  await mkdir(dataDir, { recursive: true });
  let shard = mode === 'folder' ? '' : cache.shardPath!;
  if (mode === 'copy') {
    await copyFile(shard, join(dataDir, 'images.shard'));
    shard = 'data/images.shard';
  }
  const split =
    config.family === 'vae'
      ? heldOutSplit(cache.count, config.seed).train
      : Uint32Array.from({ length: cache.count }, (_, i) => i);
  return {
    format: 'latent-studio-job-data',
    version: 1,
    mode,
    shard,
    count: cache.count,
    size: config.size,
    channels: config.channels,
    background: config.background,
    folder: cache.folder,
    files: cache.entries.map((e) => relative(cache.folder, e.path).split(sep).join('/')),
    trainIndices: Array.from(split),
  };
}
