import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodePngRgba } from '../image/png';
import {
  lastPreviewSaver,
  PREVIEW_FILE,
  readLastPreview,
  saveLastPreview,
  type SavedPreview,
} from './last-preview';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latent-preview-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const grid = (step: number, value: number): SavedPreview => ({
  step,
  width: 3,
  height: 2,
  rgba: Uint8Array.from({ length: 24 }, (_, i) => (i * 7 + value) % 256),
});

describe("a run's last preview in its out folder", () => {
  it('reads back the grid and its step exactly; a plain PNG any viewer opens', async () => {
    await saveLastPreview(dir, grid(150, 1));
    expect(await readLastPreview(dir)).toEqual(grid(150, 1));
    const png = decodePngRgba(await readFile(join(dir, PREVIEW_FILE)));
    expect(png).toEqual({ width: 3, height: 2, rgba: grid(150, 1).rgba });
  });

  it('is null before the first preview; a damaged file is an error that names it', async () => {
    expect(await readLastPreview(dir)).toBeNull();
    await writeFile(join(dir, PREVIEW_FILE), 'not a png');
    await expect(readLastPreview(dir)).rejects.toThrow(join(dir, PREVIEW_FILE));
  });

  it('keeps the newest of previews saved in a row, and reports a failed save once', async () => {
    const errors: string[] = [];
    const saver = lastPreviewSaver(dir, (m) => errors.push(m));
    for (let step = 10; step <= 50; step += 10) saver.save(grid(step, step));
    await saver.flush();
    expect(await readLastPreview(dir)).toEqual(grid(50, 50));
    expect(errors).toEqual([]);

    const gone = lastPreviewSaver(join(dir, 'missing', 'folder'), (m) => errors.push(m));
    gone.save(grid(60, 1));
    gone.save(grid(70, 1));
    await gone.flush();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/preview grid could not be saved in .*missing.folder.preview\.png/);
  });
});
