import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readInputFile } from './read-input';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'latent-read-input-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readInputFile', () => {
  it('returns the bytes of a file', async () => {
    const file = join(dir, 'stats.npz');
    writeFileSync(file, Uint8Array.from([1, 2, 250]));
    expect([...(await readInputFile(file))]).toEqual([1, 2, 250]);
  });

  it('says NOT_FOUND, naming the file, when it does not exist', async () => {
    const file = join(dir, 'missing.npy');
    await expect(readInputFile(file)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining(file) as unknown,
    });
  });

  it('says BAD_FILE, naming the path, when it exists but cannot be read as a file', async () => {
    await expect(readInputFile(dir)).rejects.toMatchObject({
      code: 'BAD_FILE',
      message: expect.stringMatching(/Could not read .*EISDIR/) as unknown,
    });
  });
});
