import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write';

/**
 * On-disk cache of extracted rows (features, then class probabilities when the extractor has a
 * classifier) for the images of one folder under one extractor, so evaluating the same folder again
 * extracts nothing. An entry is valid while the file's path, mtime and size are unchanged; files
 * that could not be decoded are remembered with their reason, so they are not decoded again either.
 *
 * One file per (folder, extractor id): `<dataDir>/feature-cache/<sha256(id, folder)>.fcache`:
 *   "LSFC1\n" | u32 LE header length | JSON header | zero padding to 8 bytes | float64 LE rows.
 * The header names the extractor id, row width and, per entry, {file, mtimeMs, size, row | error}.
 * Written atomically (temp file + fsync + rename): a crash leaves the old cache or the new one.
 * A cache that cannot be read or does not match is ignored (and rewritten), never an error.
 */
export interface CacheKey {
  /** Path relative to the folder, '/' separators. */
  file: string;
  mtimeMs: number;
  size: number;
}

interface Entry extends CacheKey {
  row?: number;
  error?: string;
}

interface Header {
  version: 1;
  extractorId: string;
  folder: string;
  width: number;
  entries: Entry[];
}

const MAGIC = 'LSFC1\n';

export function featureCacheDir(dataDir: string): string {
  return join(dataDir, 'feature-cache');
}

export class FeatureCache {
  private readonly rows = new Map<string, { key: CacheKey; row?: Float64Array; error?: string }>();
  private dirty = false;

  private constructor(
    readonly file: string,
    private readonly folder: string,
    private readonly extractorId: string,
    readonly width: number,
  ) {}

  static async open(
    cacheDir: string,
    folder: string,
    extractorId: string,
    width: number,
  ): Promise<FeatureCache> {
    const name = createHash('sha256')
      .update(`${extractorId}\0${folder}`)
      .digest('hex')
      .slice(0, 32);
    const cache = new FeatureCache(join(cacheDir, `${name}.fcache`), folder, extractorId, width);
    await cache.load();
    return cache;
  }

  private async load(): Promise<void> {
    const buf = await readFile(this.file).catch(() => null);
    if (!buf || buf.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) return;
    try {
      const headerLength = buf.readUInt32LE(MAGIC.length);
      const headerStart = MAGIC.length + 4;
      const header = JSON.parse(
        buf.subarray(headerStart, headerStart + headerLength).toString('utf8'),
      ) as Header;
      if (
        header.version !== 1 ||
        header.extractorId !== this.extractorId ||
        header.folder !== this.folder ||
        header.width !== this.width
      )
        return;
      const dataStart = align8(headerStart + headerLength);
      // Copy out of the file buffer: it may not be 8-byte aligned for a Float64Array view.
      const data = new Float64Array(
        buf.buffer.slice(buf.byteOffset + dataStart, buf.byteOffset + buf.length),
      );
      for (const e of header.entries) {
        const key = { file: e.file, mtimeMs: e.mtimeMs, size: e.size };
        if (e.error !== undefined) this.rows.set(e.file, { key, error: e.error });
        else if (e.row !== undefined && (e.row + 1) * this.width <= data.length)
          this.rows.set(e.file, {
            key,
            row: data.slice(e.row * this.width, (e.row + 1) * this.width),
          });
      }
    } catch {
      this.rows.clear(); // damaged: start afresh, it is only a cache
    }
  }

  /** The cached row or decode error for this exact file version, or null. */
  get(key: CacheKey): { row: Float64Array } | { error: string } | null {
    const hit = this.rows.get(key.file);
    if (!hit || hit.key.mtimeMs !== key.mtimeMs || hit.key.size !== key.size) return null;
    return hit.row ? { row: hit.row } : { error: hit.error ?? 'unreadable' };
  }

  put(key: CacheKey, value: { row: Float64Array } | { error: string }): void {
    this.rows.set(key.file, { key, ...value });
    this.dirty = true;
  }

  /** Forgets files no longer in the folder (deleted or renamed) so the cache does not grow forever. */
  retainOnly(files: ReadonlySet<string>): void {
    for (const file of this.rows.keys()) {
      if (!files.has(file)) {
        this.rows.delete(file);
        this.dirty = true;
      }
    }
  }

  /** Writes the cache when anything changed since it was opened. */
  async save(): Promise<void> {
    if (!this.dirty) return;
    const entries: Entry[] = [];
    const rows: Float64Array[] = [];
    for (const { key, row, error } of this.rows.values()) {
      if (row) {
        entries.push({ ...key, row: rows.length });
        rows.push(row);
      } else entries.push({ ...key, error: error ?? 'unreadable' });
    }
    const header: Header = {
      version: 1,
      extractorId: this.extractorId,
      folder: this.folder,
      width: this.width,
      entries,
    };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const dataStart = align8(MAGIC.length + 4 + json.length);
    const out = Buffer.alloc(dataStart + rows.length * this.width * 8);
    out.write(MAGIC, 0, 'latin1');
    out.writeUInt32LE(json.length, MAGIC.length);
    json.copy(out, MAGIC.length + 4);
    rows.forEach((row, i) =>
      Buffer.from(row.buffer, row.byteOffset, row.byteLength).copy(
        out,
        dataStart + i * this.width * 8,
      ),
    );
    await mkdir(join(this.file, '..'), { recursive: true });
    await writeFileAtomic(this.file, out);
    this.dirty = false;
  }
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
