import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { StudioError } from '../../contract/channels';

/**
 * Opens a file the user named for reading, refusing anything that is not a regular file: a FIFO
 * named `x.png` would otherwise block the read forever, and a device would never end. The open is
 * non-blocking (so a FIFO without a writer does not hang it) and the check is on the opened handle
 * (so the file cannot be swapped between check and read).
 */
export async function openRegularFile(file: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StudioError(
      code === 'ENOENT' ? 'NOT_FOUND' : 'BAD_FILE',
      `Could not read ${file}: ${(err as Error).message}`,
    );
  }
  const info = await handle.stat();
  if (info.isFile()) return handle;
  await handle.close();
  throw new StudioError(
    'BAD_FILE',
    `Could not read ${file}: ${info.isDirectory() ? 'it is a folder (EISDIR)' : 'it is not a regular file (a pipe, socket or device)'}.`,
  );
}

/**
 * The bytes of a file the user named, or a StudioError naming it: NOT_FOUND when it does not
 * exist (so callers can say "check the path"), BAD_FILE when it exists but cannot be read, is not
 * a regular file, or is larger than `maxBytes`.
 */
export async function readInputFile(file: string, maxBytes = 2 ** 31 - 1): Promise<Uint8Array> {
  const handle = await openRegularFile(file);
  try {
    const { size } = await handle.stat();
    if (size > maxBytes)
      throw new StudioError(
        'BAD_FILE',
        `Could not read ${file}: it is ${(size / 2 ** 20).toFixed(0)} MiB, more than the ${(maxBytes / 2 ** 20).toFixed(0)} MiB this reads.`,
      );
    return await handle.readFile();
  } catch (err) {
    if (err instanceof StudioError) throw err;
    throw new StudioError('BAD_FILE', `Could not read ${file}: ${(err as Error).message}`);
  } finally {
    await handle.close();
  }
}
