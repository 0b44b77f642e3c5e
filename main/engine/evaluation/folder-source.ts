import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StudioError } from '../../contract/channels';
import { DECODE_CONCURRENCY, mapBounded } from '../dataset/bounded-pool';
import { findImageFiles } from '../dataset/find-image-files';
import { lostErrorText } from '../dataset/inspect-image';
import type { FeatureExtractor } from '../metrics/extractors/extractor';
import type { RgbaImage } from '../image/png';
import type { SourceFeatures } from '../metrics/feature-source';
import { decodeRgba } from './decode-rgba';
import { FeatureCache, type CacheKey } from './feature-cache';
import { assembleRows, extractRows, throwIfAborted, type ExtractOptions } from './extract-rows';

/** Images per extractor call, and the decoded pixels one batch may hold (bounded memory). */
const BATCH_IMAGES = 32;
const BATCH_PIXELS = 32e6;

export interface FolderOptions extends ExtractOptions {
  /** Where feature caches live (featureCacheDir(dataDir)). */
  cacheDir: string;
  /** Take at most this many images: evenly spaced over the sorted file list, so always the same. */
  count?: number;
}

/**
 * Features of the images in a folder (and its subfolders). Files are decoded as training reads
 * them (decode-rgba.ts) and extracted in batches of at most BATCH_IMAGES / BATCH_PIXELS, so memory
 * stays bounded whatever the folder holds; rows are cached per file (feature-cache.ts), so a second
 * evaluation of the same folder extracts nothing. A file that cannot be used is skipped and named
 * with its reason in `warnings`; the evaluation goes on without it.
 */
export async function extractFolder(
  folder: string,
  extractor: FeatureExtractor,
  options: FolderOptions,
): Promise<SourceFeatures> {
  const root = resolve(folder);
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new StudioError('NOT_FOUND', `${folder} is not a folder.`);
  const warnings: string[] = [];
  const all = await findImageFiles(root, options.signal, (file, reason) =>
    warnings.push(`${join(root, file)}: ${reason}`),
  ).catch((err: unknown) => {
    throwIfAborted(options.signal); // the walk's AbortError, in the words every source uses
    throw err;
  });
  if (all.length === 0) throw new StudioError('BAD_REQUEST', `${root} holds no image files.`);
  const chosen = evenlySpaced(all, options.count);
  const width = extractor.dim + extractor.classes;
  const cache = await FeatureCache.open(options.cacheDir, root, extractor.id, width);
  cache.retainOnly(new Set(all));

  const keys: (CacheKey | null)[] = await Promise.all(
    chosen.map(async (file) => {
      const s = await stat(join(root, file)).catch(() => null);
      return s ? { file, mtimeMs: s.mtimeMs, size: s.size } : null;
    }),
  );
  const pending = keys.flatMap((k) => (k && !cache.get(k) ? [k] : []));
  const done = () => chosen.length - pending.length;
  options.onProgress?.(done(), chosen.length);
  let extracted = 0;
  try {
    for (let i = 0; i < pending.length;) {
      throwIfAborted(options.signal);
      const batch: { key: CacheKey; image: RgbaImage }[] = [];
      let pixels = 0;
      while (i < pending.length && batch.length < BATCH_IMAGES && pixels < BATCH_PIXELS) {
        const group = pending.slice(i, i + DECODE_CONCURRENCY);
        i += group.length;
        const decoded = await mapBounded(group, DECODE_CONCURRENCY, (key) =>
          decodeRgba(join(root, key.file), key.file),
        );
        // libvips's error text is process-wide; a concurrent decode can wipe it: ask again alone.
        for (const [g, d] of decoded.entries())
          if (!d.ok && lostErrorText(d))
            decoded[g] = await decodeRgba(join(root, group[g]!.file), group[g]!.file);
        decoded.forEach((d, g) => {
          if (!d.ok) return cache.put(group[g]!, { error: d.reason });
          batch.push({ key: group[g]!, image: d.image });
          pixels += d.image.width * d.image.height;
        });
      }
      throwIfAborted(options.signal);
      const rows = await extractRows(
        extractor,
        batch.map((b) => b.image),
      );
      batch.forEach((b, r) => cache.put(b.key, { row: rows.subarray(r * width, (r + 1) * width) }));
      extracted += batch.length;
      options.onProgress?.(done() + i, chosen.length);
    }
  } finally {
    await cache.save(); // also after a cancel: the work done so far is kept
  }

  const rows: Float64Array[] = [];
  const items: SourceFeatures['items'] = [];
  keys.forEach((key, k) => {
    const path = join(root, chosen[k]!);
    const hit = key && cache.get(key);
    if (!hit) return void warnings.push(`${path}: could not be read (it vanished or changed)`);
    if ('error' in hit) return void warnings.push(`${path}: ${hit.error}`);
    rows.push(hit.row);
    items.push({ file: path, seed: null });
  });
  if (rows.length < 2)
    throw new StudioError(
      'BAD_REQUEST',
      `${root} has ${rows.length} usable image${rows.length === 1 ? '' : 's'}; an evaluation needs at least 2.`,
    );
  const skipped = chosen.length - rows.length;
  const label = `folder ${root} (${rows.length} images${skipped ? `, ${skipped} skipped` : ''}${chosen.length < all.length ? ` of ${all.length}, evenly spaced` : ''})`;
  return { ...assembleRows(rows, extractor, label, items, warnings), extracted };
}

/** `count` of `items`, evenly spaced (index ⌊i·N/count⌋), or all of them. */
export function evenlySpaced<T>(items: readonly T[], count: number | undefined): T[] {
  if (count === undefined || count >= items.length) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}
