import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StudioError } from '../../contract/channels';
import { writeFileAtomic } from '../io/atomic-write';
import { DECODE_CONCURRENCY, forEachInOrder, throwIfCancelled } from './bounded-pool';
import {
  type CacheEntry,
  type CacheIndex,
  CACHE_VERSION,
  cacheKey,
  currentEntry,
  indexPath,
  loadIndex,
  sameVersion,
} from './cache-index';
import { decodeForTraining, type TrainingImageSettings } from './decode-for-training';
import { ShardReader } from './shard-reader';

export type { CacheEntry } from './cache-index';

export interface BuildOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}
export interface BuildResult {
  /** Images decoded in this build (new or changed since the last one). */
  decoded: number;
  /** Images taken from the previous shard without decoding. */
  reused: number;
  /** Files that could not be decoded (now or, unchanged, before); they are not in the shard. */
  failed: Array<{ file: string; reason: string }>;
}

type Plan =
  { kind: 'copy'; slot: number } | { kind: 'decode' } | { kind: 'failed'; reason: string };

/**
 * Training images decoded once, kept on disk. For one folder + settings there is one shard file
 * (sample i = bytes [i·S, (i+1)·S), S = size²·channels, HWC uint8) and one index JSON naming the
 * shard and, per sample, the absolute path, byte size and mtime it was decoded from.
 *
 * A build writes a NEW shard under a fresh name (appending to a temp file, renamed when complete),
 * then replaces the index atomically — the index is the commit point, so a crash at any moment
 * leaves the previous cache intact — and finally deletes the old shard. Unchanged files are copied
 * from the old shard; new or changed ones (size or mtime differs) are decoded, a few at a time and
 * written in order, so memory holds a handful of samples whatever the folder's size. When nothing
 * changed the build writes nothing, so a second run starts at once.
 */
export class PreprocessedCache {
  private constructor(
    readonly folder: string,
    readonly settings: TrainingImageSettings,
    private readonly dir: string,
    private readonly key: string,
    private index: CacheIndex | null,
  ) {}

  static async open(
    cacheDir: string,
    folder: string,
    settings: TrainingImageSettings,
  ): Promise<PreprocessedCache> {
    const root = resolve(folder);
    const { size, channels, background } = settings;
    const key = cacheKey(root, settings);
    await mkdir(cacheDir, { recursive: true });
    const index = await loadIndex(cacheDir, key, size * size * channels);
    return new PreprocessedCache(root, { size, channels, background }, cacheDir, key, index);
  }

  get sampleBytes(): number {
    return this.settings.size * this.settings.size * this.settings.channels;
  }
  get count(): number {
    return this.index?.entries.length ?? 0;
  }
  get entries(): readonly CacheEntry[] {
    return this.index?.entries ?? [];
  }
  get shardPath(): string | null {
    return this.index ? join(this.dir, this.index.shard) : null;
  }

  /** Brings the cache up to date with `files` (paths relative to the folder, e.g. a ScanReport's). */
  async build(files: readonly string[], options: BuildOptions = {}): Promise<BuildResult> {
    const { signal, onProgress } = options;
    const wanted = await Promise.all(files.map((f) => currentEntry(join(this.folder, f))));
    const plans = this.plan(wanted);
    const copies = plans.filter((p) => p.kind === 'copy');
    // Nothing to decode and the old shard already holds exactly these samples in this order.
    if (
      this.index &&
      !plans.some((p) => p.kind === 'decode') &&
      copies.length === this.count &&
      copies.every((p, i) => p.slot === i)
    ) {
      onProgress?.(files.length, files.length);
      return { decoded: 0, reused: copies.length, failed: failures(files, plans) };
    }
    const shard = `${this.key}.${randomBytes(6).toString('hex')}.shard`;
    const temp = join(this.dir, `${shard}.tmp`);
    const oldShard = this.shardPath;
    const oldHandle = oldShard && copies.length > 0 ? await open(oldShard, 'r') : null;
    const out = await open(temp, 'wx', 0o644);
    const result: BuildResult = { decoded: 0, reused: 0, failed: [] };
    const next: CacheIndex = {
      version: CACHE_VERSION,
      folder: this.folder,
      settings: this.settings,
      shard,
      entries: [],
      failed: [],
    };
    try {
      const produce = (i: number) =>
        this.sample(wanted[i]!, plans[i]!, oldHandle).catch((err: Error) => err);
      await forEachInOrder(files.length, DECODE_CONCURRENCY, produce, async (i, sample) => {
        throwIfCancelled(signal, 'Preparing the training images');
        if (sample instanceof Error) {
          result.failed.push({ file: files[i]!, reason: sample.message });
          if (wanted[i]) next.failed.push({ ...wanted[i], reason: sample.message });
        } else {
          await out.write(sample.bytes);
          next.entries.push(wanted[i]!);
          result[sample.decoded ? 'decoded' : 'reused']++;
        }
        onProgress?.(i + 1, files.length);
      });
      await out.sync();
    } catch (err) {
      await out.close();
      await unlink(temp).catch(() => undefined);
      throw err;
    } finally {
      await oldHandle?.close();
    }
    await out.close();
    await rename(temp, join(this.dir, shard));
    await writeFileAtomic(indexPath(this.dir, this.key), JSON.stringify(next));
    this.index = next;
    if (oldShard) await unlink(oldShard).catch(() => undefined);
    return result;
  }

  /** Random access to the samples of the current shard. */
  async openReader(): Promise<ShardReader> {
    const path = this.shardPath;
    if (!path || this.count === 0)
      throw new StudioError('BAD_REQUEST', `No training images are prepared for ${this.folder}.`);
    return new ShardReader(await open(path, 'r'), this.count, this.sampleBytes);
  }

  /** Per wanted file: copy from the old shard, decode, or (unchanged and known bad) skip. */
  private plan(wanted: ReadonlyArray<CacheEntry | null>): Plan[] {
    const slots = new Map(this.entries.map((e, i) => [e.path, i]));
    const bad = new Map((this.index?.failed ?? []).map((f) => [f.path, f]));
    return wanted.map((w): Plan => {
      if (!w) return { kind: 'failed', reason: 'the file is gone or cannot be read' };
      const slot = slots.get(w.path);
      if (slot !== undefined && sameVersion(this.entries[slot]!, w)) return { kind: 'copy', slot };
      const known = bad.get(w.path);
      return known && sameVersion(known, w)
        ? { kind: 'failed', reason: known.reason }
        : { kind: 'decode' };
    });
  }

  private async sample(
    entry: CacheEntry | null,
    plan: Plan,
    oldShard: FileHandle | null,
  ): Promise<{ bytes: Uint8Array; decoded: boolean } | Error> {
    if (plan.kind === 'failed' || !entry)
      return new Error(plan.kind === 'failed' ? plan.reason : 'gone');
    if (plan.kind === 'copy' && oldShard) {
      const bytes = new Uint8Array(this.sampleBytes);
      await oldShard.read(bytes, 0, bytes.length, plan.slot * bytes.length);
      return { bytes, decoded: false };
    }
    return { bytes: await decodeForTraining(entry.path, this.settings), decoded: true };
  }
}

function failures(files: readonly string[], plans: readonly Plan[]): BuildResult['failed'] {
  return plans.flatMap((p, i) =>
    p.kind === 'failed' ? [{ file: files[i]!, reason: p.reason }] : [],
  );
}
