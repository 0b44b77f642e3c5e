import { lstat, mkdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { StudioError } from '../../contract/channels';
import { writeFileAtomic, writeNewFileAtomic } from './atomic-write';

/**
 * Where the engine may write what a request asks for. The app's shells (desktop, browser) write
 * into the data folder, or into a folder the user chose that already exists: they never create
 * folder trees elsewhere. The CLI writes where its command line says (the user typed it), creating
 * folders as needed. No shell replaces an existing file unless the request says so.
 */
export interface WritePolicy {
  dataDir: string;
  /** The CLI: folders named on the command line are created wherever they are. */
  createFoldersAnywhere: boolean;
}

export const inside = (dir: string, path: string) => {
  const rel = relative(resolve(dir), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** Makes sure `folder` may be written into (creating it where the policy allows). */
export async function prepareWriteFolder(folder: string, policy: WritePolicy): Promise<string> {
  if (!isAbsolute(folder))
    throw new StudioError(
      'BAD_REQUEST',
      `"${folder}" is not a full path: give the whole folder path.`,
    );
  if (policy.createFoldersAnywhere || inside(policy.dataDir, folder)) {
    await mkdir(folder, { recursive: true });
    return folder;
  }
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory())
    throw new StudioError(
      'BAD_REQUEST',
      `The folder ${folder} does not exist. Choose an existing folder (or leave it empty to use the data folder, ${policy.dataDir}).`,
    );
  return folder;
}

export function alreadyExists(file: string): StudioError {
  return new StudioError(
    'BAD_REQUEST',
    `${file} already exists; nothing was written. Choose another name, or ask to replace it.`,
  );
}

export interface TargetOptions {
  policy: WritePolicy;
  /** The kinds of file this write may make, e.g. ['.gif', '.png']. */
  extensions: readonly string[];
  /** Replace an existing regular file of that name (never a link, folder or device). */
  overwrite?: boolean | undefined;
}

/**
 * Checks a file the user named before any work is done: its extension, its folder (created where
 * the policy allows), and that nothing is in the way unless `overwrite` says to replace a file.
 */
export async function checkWriteTarget(file: string, options: TargetOptions): Promise<void> {
  const ext = extname(file).toLowerCase();
  if (!options.extensions.includes(ext))
    throw new StudioError(
      'BAD_REQUEST',
      `"${basename(file)}" must end in ${options.extensions.join(' or ')}.`,
    );
  await prepareWriteFolder(dirname(file), options.policy);
  const existing = await lstat(file).catch(() => null);
  if (!existing) return;
  if (!options.overwrite) throw alreadyExists(file);
  if (!existing.isFile())
    throw new StudioError(
      'BAD_REQUEST',
      `${file} exists and is not a regular file; nothing was written.`,
    );
}

/**
 * Writes one file the user named, atomically. Without `overwrite` anything already at that name
 * is left alone and the write refused in words (race-free: see writeNewFileAtomic); with it, only
 * a regular file is replaced.
 */
export async function writeTargetFile(
  file: string,
  data: Uint8Array | string,
  options: TargetOptions,
): Promise<void> {
  await checkWriteTarget(file, options);
  if (!options.overwrite) return writeNewFileAtomic(file, data, () => alreadyExists(file));
  await writeFileAtomic(file, data);
}

/**
 * Writes a file into a folder under a free name: `name.ext`, else `name-2.ext`, `name-3.ext` … so
 * nothing already there is replaced. Returns the path written (callers report it).
 */
export async function writeBesideFile(
  folder: string,
  fileName: string,
  data: Uint8Array | string,
): Promise<string> {
  const ext = extname(fileName);
  const stem = fileName.slice(0, fileName.length - ext.length);
  for (let n = 1; ; n++) {
    const path = join(folder, n === 1 ? fileName : `${stem}-${n}${ext}`);
    try {
      await writeNewFileAtomic(path, data, () => alreadyExists(path));
      return path;
    } catch (err) {
      if (!(err instanceof StudioError) || n >= 10_000) throw err;
    }
  }
}
