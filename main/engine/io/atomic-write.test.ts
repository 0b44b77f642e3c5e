import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from './atomic-write';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'latent-io-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('creates a file, replaces it, and leaves no temp files behind', async () => {
    const file = join(dir, 'favourites.json');
    await writeFileAtomic(file, '{"v":1}');
    await writeFileAtomic(file, new TextEncoder().encode('{"v":2}'));
    expect(readFileSync(file, 'utf8')).toBe('{"v":2}');
    expect(readdirSync(dir)).toEqual(['favourites.json']);
  });

  it('many concurrent writes to one file end with one complete version and no temp files', async () => {
    const file = join(dir, 'settings.json');
    const versions = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({ i, pad: 'x'.repeat(10_000) }),
    );
    await Promise.all(versions.map((v) => writeFileAtomic(file, v)));
    expect(versions).toContain(readFileSync(file, 'utf8'));
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('a failed write keeps the previous file intact and removes its temp file', async () => {
    // Renaming a file over a non-empty folder fails after the temp file was written and synced.
    const target = join(dir, 'target');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'previous');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(readFileSync(join(target, 'keep.txt'), 'utf8')).toBe('previous');
    expect(readdirSync(dir)).toEqual(['target']);
  });

  it('fails in a folder that does not exist, creating nothing', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'a.json'), 'x')).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('readJsonFile', () => {
  const schema = z.object({ names: z.array(z.string()) });
  const fallback = { names: [] as string[] };

  it('returns the parsed, validated content', async () => {
    const file = join(dir, 'a.json');
    writeFileSync(file, '{"names":["x"]}');
    expect(await readJsonFile(file, schema, fallback, () => undefined)).toEqual({ names: ['x'] });
  });

  it('returns the fallback quietly when the file does not exist', async () => {
    const reports: string[] = [];
    expect(
      await readJsonFile(join(dir, 'none.json'), schema, fallback, (m) => reports.push(m)),
    ).toBe(fallback);
    expect(reports).toEqual([]);
  });

  it('reports corrupt JSON in words, returns the fallback, and leaves the file untouched', async () => {
    const file = join(dir, 'corrupt.json');
    writeFileSync(file, '{"names":["x"');
    const reports: string[] = [];
    expect(await readJsonFile(file, schema, fallback, (m) => reports.push(m))).toBe(fallback);
    expect(reports[0]).toMatch(/corrupt\.json is not valid JSON .*the file was left as it is/);
    expect(readFileSync(file, 'utf8')).toBe('{"names":["x"');
  });

  it('reports content that does not match the schema, naming the field', async () => {
    const file = join(dir, 'wrong.json');
    writeFileSync(file, '{"names":[1]}');
    const reports: string[] = [];
    expect(await readJsonFile(file, schema, fallback, (m) => reports.push(m))).toBe(fallback);
    expect(reports[0]).toMatch(/does not have the expected content \(names\.0: /);
  });
});
