import { readFile } from 'node:fs/promises';
import { StudioError } from '../../contract/channels';

/**
 * The bytes of a file the user named, or a StudioError naming it: NOT_FOUND when it does not
 * exist (so callers can say "check the path"), BAD_FILE when it exists but cannot be read.
 */
export async function readInputFile(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StudioError(
      code === 'ENOENT' ? 'NOT_FOUND' : 'BAD_FILE',
      `Could not read ${file}: ${(err as Error).message}`,
    );
  }
}
