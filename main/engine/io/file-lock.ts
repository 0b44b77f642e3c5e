import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { StudioError } from '../../contract/channels';

/** What a lock file holds: who holds it, so a stale one (its process is gone) can be taken over. */
interface LockOwner {
  pid: number;
  host: string;
  token: string;
  what: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

async function readOwner(path: string): Promise<LockOwner | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Takes the lock file `path` (created exclusively, 'wx'), or says who holds it. A lock whose
 * process is gone (same host, pid not alive) — a crash, a kill -9 — is taken over; a lock from
 * another host is respected. `what` says in words what the lock protects, for the error.
 */
export async function tryLock(path: string, what: string): Promise<HeldLock | LockOwner> {
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    token: randomBytes(8).toString('hex'),
    what,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(JSON.stringify(me));
      } finally {
        await handle.close();
      }
      return {
        release: async () => {
          const owner = await readOwner(path);
          if (owner?.token === me.token) await unlink(path).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await readOwner(path);
    const stale =
      owner === null
        ? // Being written this very moment, or left empty by a crash mid-write: wait, then judge.
          attempt > 0
        : owner.host === hostname() && !alive(owner.pid);
    if (!stale) {
      if (owner) return owner;
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    // Move the stale lock aside first, so two processes cannot both delete and re-create it.
    const aside = `${path}.stale-${me.token}`;
    await rename(path, aside).then(
      () => unlink(aside),
      () => undefined,
    );
  }
  const owner = await readOwner(path);
  if (owner) return owner;
  throw new StudioError('INTERNAL', `Could not take the lock ${path}.`);
}

export const isHeld = (lock: HeldLock | LockOwner): lock is HeldLock => 'release' in lock;

/**
 * Runs `work` holding the lock, waiting for it (up to `timeoutMs`) while another live process
 * holds it: short critical sections such as an index update, never whole jobs.
 */
export async function withFileLock<T>(
  path: string,
  what: string,
  work: () => Promise<T>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 10; ; wait = Math.min(wait * 2, 250)) {
    const lock = await tryLock(path, what);
    if (isHeld(lock)) {
      try {
        return await work();
      } finally {
        await lock.release();
      }
    }
    if (Date.now() > deadline)
      throw new StudioError(
        'BUSY',
        `${what} is being changed by another Latent Studio process (pid ${lock.pid}); try again.`,
      );
    await new Promise((r) => setTimeout(r, wait));
  }
}

/** Serialises async work within this process (one after another, in call order). */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
