import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile } from '../io/atomic-write';
import type { TrainingImageSettings } from './decode-for-training';

/** A source file as it was when decoded: a different size or mtime means it changed. */
const entrySchema = z.object({ path: z.string(), fileSize: z.number(), mtimeMs: z.number() });
export type CacheEntry = z.infer<typeof entrySchema>;

/**
 * The index format and what its samples mean. 2: images smaller than the training size are
 * enlarged bilinearly (1 used lanczos3), so a version-1 cache is decoded again.
 */
export const CACHE_VERSION = 2;

const indexSchema = z.object({
  version: z.literal(CACHE_VERSION),
  folder: z.string(),
  settings: z.object({
    size: z.number(),
    channels: z.union([z.literal(1), z.literal(3)]),
    background: z.enum(['white', 'black']),
  }),
  /** File name (in the cache folder) of the shard holding entries[i] at i·sampleBytes. */
  shard: z.string(),
  entries: z.array(entrySchema),
  /** Files that failed to decode, kept so an unchanged bad file is not retried on every run. */
  failed: z.array(entrySchema.extend({ reason: z.string() })),
});
export type CacheIndex = z.infer<typeof indexSchema>;

/** One cache per absolute folder + settings; the key names its index and shard files. */
export function cacheKey(
  folder: string,
  { size, channels, background }: TrainingImageSettings,
): string {
  const text = JSON.stringify([folder, size, channels, background]);
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

export function indexPath(cacheDir: string, key: string): string {
  return join(cacheDir, `${key}.index.json`);
}

/**
 * The index, or null when there is none or it cannot be trusted (damaged JSON, a shard whose
 * length does not match). Either way the cache is simply rebuilt: not an error worth showing.
 */
export async function loadIndex(
  cacheDir: string,
  key: string,
  sampleBytes: number,
): Promise<CacheIndex | null> {
  const index = await readJsonFile<CacheIndex | null>(
    indexPath(cacheDir, key),
    indexSchema,
    null,
    () => undefined,
  );
  if (!index) return null;
  const shardSize = await stat(join(cacheDir, index.shard)).then(
    (s) => s.size,
    () => -1,
  );
  return shardSize === index.entries.length * sampleBytes ? index : null;
}

export async function currentEntry(path: string): Promise<CacheEntry | null> {
  const s = await stat(path).catch(() => null);
  return s?.isFile() ? { path, fileSize: s.size, mtimeMs: s.mtimeMs } : null;
}

export function sameVersion(a: CacheEntry, b: CacheEntry): boolean {
  return a.path === b.path && a.fileSize === b.fileSize && a.mtimeMs === b.mtimeMs;
}
