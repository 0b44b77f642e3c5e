import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { StudioError } from '../../contract/channels';
import { IMAGE_EXTENSIONS, readHead, sniffFormat } from './image-formats';

/**
 * Every candidate image under `folder`, as paths relative to it with '/' separators, sorted.
 *
 * Dotfiles and dot-folders are skipped (.DS_Store, .git, editors' temp files). Symbolic links are
 * followed only when they point inside the chosen folder (`up -> ..` or `x -> /` is reported and
 * not followed: the scan never reads outside what the user chose); linked folders are entered once
 * per real folder, so a loop cannot make the walk endless. A folder we may not list, a link out of
 * the folder, and a pipe or device with an image name are reported through `onSkipped`. A file is a
 * candidate when its extension is an image one, or, without one, when its first bytes are those of
 * an image format.
 */
export async function findImageFiles(
  folder: string,
  signal?: AbortSignal,
  onSkipped?: (relativePath: string, reason: string) => void,
): Promise<string[]> {
  const rootReal = await realpath(folder).catch(() => folder);
  const inside = (real: string) => real === rootReal || real.startsWith(`${rootReal}${sep}`);
  const seen = new Set<string>();
  const found: string[] = [];
  const rel = (full: string) => relative(folder, full).split(sep).join('/');
  const walk = async (dir: string): Promise<void> => {
    signal?.throwIfAborted();
    const real = await realpath(dir).catch(() => null);
    if (real === null || seen.has(real)) return;
    seen.add(real);
    const entries = await readdir(dir, { withFileTypes: true }).catch(
      (err: NodeJS.ErrnoException) => {
        const why =
          err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.message;
        if (dir === folder) throw new StudioError('BAD_FILE', `${folder} cannot be read: ${why}.`);
        onSkipped?.(`${rel(dir)}/`, `unreadable folder: ${why}`);
        return [];
      },
    );
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const real = await realpath(full).catch(() => null); // a dangling link is just skipped
        if (real === null) continue;
        if (!inside(real)) {
          onSkipped?.(rel(full), 'a link to somewhere outside the chosen folder: not followed');
          continue;
        }
        const target = await stat(real).catch(() => null);
        isDir = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDir) await walk(full);
      else if (isFile) {
        if (await isCandidate(full, entry.name)) found.push(full);
      } else if (IMAGE_EXTENSIONS.has(extname(entry.name).slice(1).toLowerCase()))
        onSkipped?.(rel(full), 'not a regular file (a pipe, socket or device): not read');
    }
  };
  await walk(folder);
  return found.map(rel).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function isCandidate(full: string, name: string): Promise<boolean> {
  const ext = extname(name).slice(1).toLowerCase();
  if (IMAGE_EXTENSIONS.has(ext)) return true;
  if (ext !== '' && ext.length <= 4 && /^[a-z]+$/.test(ext)) return false; // .txt, .json, .md: not ours
  // No (usual) extension: let the content decide. Unreadable files are not candidates here.
  return readHead(full).then(
    (head) => sniffFormat(head) !== null,
    () => false,
  );
}
