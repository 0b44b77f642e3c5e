import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';

/**
 * Replaces `path` with `data` so that, even if the app or the machine dies mid-way, the file is
 * either entirely old or entirely new — favourites and settings are never left half-written.
 *
 * How: write a temp file in the SAME folder (rename is only atomic within one file system), fsync
 * it so its bytes are on disk before its name is, rename it over the target, then fsync the folder
 * so the rename itself survives a power cut. The temp file is removed on any failure.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let renamed = false;
  try {
    // 'wx' fails rather than follow a symlink or reuse a file someone else planted at that name.
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    renamed = true;
    await syncDirectory(dir);
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}

/**
 * Writes `data` as a NEW file at `path`, atomically: complete or absent, and never over anything
 * already there (a file, a link, anything): the temp file is hard-linked to its name, which fails
 * if the name exists (EEXIST, turned into `exists()`'s error) without a window between a check
 * and the write. Where the file system has no hard links, the name is checked, then renamed to.
 */
export async function writeNewFileAtomic(
  path: string,
  data: Uint8Array | string,
  exists: () => Error,
): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temp, path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw exists();
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw err;
      if (
        await open(path, 'r').then(
          (h) => h.close().then(() => true),
          () => false,
        )
      )
        throw exists();
      await rename(temp, path);
    }
    await syncDirectory(dir);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    // Windows cannot open or fsync a folder (EISDIR/EPERM), some file systems refuse (EINVAL);
    // there the rename is as durable as the platform allows, and that is not a failed write.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'ENOTSUP') throw err;
  } finally {
    await handle?.close();
  }
}

/**
 * Reads and validates a JSON file. A missing file quietly gives `fallback`. A file that cannot be
 * read, is not JSON or does not match `schema` is reported in words through `report` and also gives
 * `fallback` — and is left untouched on disk, so the user can still repair or recover it.
 */
export async function readJsonFile<T>(
  path: string,
  schema: z.ZodType<T>,
  fallback: T,
  report: (message: string) => void = (message) => console.warn(message),
): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    report(
      `Could not read ${path}: ${(err as Error).message}. Using defaults; the file was not changed.`,
    );
    return fallback;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    report(
      `${path} is not valid JSON (${(err as Error).message}). Using defaults; the file was left as it is.`,
    );
    return fallback;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue
      ? `${issue.path.join('.') || 'top level'}: ${issue.message}`
      : 'unexpected content';
    report(
      `${path} does not have the expected content (${where}). Using defaults; the file was left as it is.`,
    );
    return fallback;
  }
  return parsed.data;
}
