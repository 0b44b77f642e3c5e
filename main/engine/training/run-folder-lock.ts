import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError } from '../../contract/channels';
import { isHeld, tryLock, type HeldLock } from '../io/file-lock';

/** The lock file of a run's output folder (held by the process training into it). */
export const runLockPath = (outDir: string) => join(outDir, '.run.lock');

/**
 * Takes the output folder for one run: two runs writing checkpoints into one folder would ruin
 * both (and each other's resume). The lock names the process holding it; a lock left by a crash
 * (its process is gone) is taken over. Refused in words otherwise.
 */
export async function lockRunFolder(outDir: string): Promise<HeldLock> {
  await mkdir(outDir, { recursive: true });
  const lock = await tryLock(runLockPath(outDir), 'A training run');
  if (isHeld(lock)) return lock;
  throw new StudioError(
    'BUSY',
    `${outDir} is being trained into by another run (process ${lock.pid}, since ${lock.since}). Stop that run first, or choose another output folder.`,
  );
}

/** Refuses at once when a live run holds `outDir` (the app checks before starting a process). */
export async function assertRunFolderFree(outDir: string): Promise<void> {
  const lock = await lockRunFolder(outDir);
  await lock.release();
}
