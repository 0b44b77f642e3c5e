import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePngRgba } from '../../main/engine/image/png';
import { createRng } from '../../main/engine/latent/prng';
import {
  classifyMode,
  MODE_COUNT,
  MODE_SIZE,
  MODES,
  modeCoverage,
  renderMode,
  writeMultiModeFolder,
  type MultiModeFile,
} from './multi-mode-folder';

const PER_MODE = 40;
let dir: string;
let files: MultiModeFile[];
let decoded: { mode: number; rgba: Uint8Array }[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'multi-mode-'));
  files = await writeMultiModeFolder(dir, { perMode: PER_MODE, seed: 3 });
  decoded = await Promise.all(
    files.map(async (f) => ({
      mode: f.mode,
      rgba: decodePngRgba(await readFile(join(dir, f.file)), f.file).rgba,
    })),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** 3×3 box blur of an RGBA image (edges clamped): roughly how soft an early GAN sample is. */
function blur(rgba: Uint8Array): Uint8Array {
  const out = new Uint8Array(rgba.length);
  const at = (x: number, y: number, c: number) =>
    rgba[
      (Math.min(MODE_SIZE - 1, Math.max(0, y)) * MODE_SIZE +
        Math.min(MODE_SIZE - 1, Math.max(0, x))) *
        4 +
        c
    ]!;
  for (let y = 0; y < MODE_SIZE; y++)
    for (let x = 0; x < MODE_SIZE; x++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) s += at(x + dx, y + dy, c);
        out[(y * MODE_SIZE + x) * 4 + c] = Math.round(s / 9);
      }
      out[(y * MODE_SIZE + x) * 4 + 3] = 255;
    }
  return out;
}

describe('writeMultiModeFolder', () => {
  it('writes perMode real 32×32 PNGs of every mode', async () => {
    expect(MODE_COUNT).toBeGreaterThanOrEqual(6);
    const names = (await readdir(dir)).filter((n) => n.endsWith('.png'));
    expect(names).toHaveLength(PER_MODE * MODE_COUNT);
    for (let m = 0; m < MODE_COUNT; m++)
      expect(files.filter((f) => f.mode === m)).toHaveLength(PER_MODE);
    const png = decodePngRgba(await readFile(join(dir, files[0]!.file)));
    expect([png.width, png.height]).toEqual([MODE_SIZE, MODE_SIZE]);
  });

  it('varies the images inside a mode', () => {
    const sameMode = decoded
      .filter((d) => d.mode === 0)
      .map((d) => Buffer.from(d.rgba).toString('hex'));
    expect(new Set(sameMode).size).toBe(PER_MODE);
  });

  it('writes the same bytes for the same seed', async () => {
    const again = await mkdtemp(join(tmpdir(), 'multi-mode-again-'));
    try {
      const second = await writeMultiModeFolder(again, { perMode: 2, seed: 3 });
      for (const f of second) {
        const a = await readFile(join(again, f.file));
        const b = await readFile(join(dir, f.file));
        expect(a.equals(b)).toBe(true);
      }
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });
});

describe('classifyMode', () => {
  it('names the mode of at least 99 % of the written images', () => {
    const right = decoded.filter((d) => classifyMode(d.rgba) === d.mode).length;
    expect(right / decoded.length).toBeGreaterThanOrEqual(0.99);
  });

  it('never names a wrong mode, and keeps at least 95 % of blurred images', () => {
    const results = decoded.map((d) => ({ mode: d.mode, got: classifyMode(blur(d.rgba)) }));
    expect(results.filter((r) => r.got !== null && r.got !== r.mode)).toHaveLength(0);
    expect(results.filter((r) => r.got === r.mode).length / results.length).toBeGreaterThanOrEqual(
      0.95,
    );
  });

  it('takes RGB as well as RGBA bytes', () => {
    const rgba = renderMode(4, createRng(9));
    const rgb = new Uint8Array(MODE_SIZE * MODE_SIZE * 3);
    for (let p = 0; p < MODE_SIZE * MODE_SIZE; p++) rgb.set(rgba.subarray(p * 4, p * 4 + 3), p * 3);
    expect(classifyMode(rgb)).toBe(4);
    expect(classifyMode(rgba)).toBe(4);
  });

  it('rejects noise, blank and flat images', () => {
    const rng = createRng(11);
    const noise = (max: number) =>
      Uint8Array.from({ length: MODE_SIZE * MODE_SIZE * 3 }, () =>
        Math.floor(rng.nextFloat() * max),
      );
    for (let i = 0; i < 50; i++) {
      expect(classifyMode(noise(256))).toBeNull();
      expect(classifyMode(noise(110))).toBeNull(); // dark noise: scattered bright specks
    }
    expect(classifyMode(new Uint8Array(MODE_SIZE * MODE_SIZE * 3))).toBeNull();
    expect(classifyMode(new Uint8Array(MODE_SIZE * MODE_SIZE * 3).fill(128))).toBeNull();
  });

  it("rejects a mode's colour in another mode's shape", () => {
    // The red of the disc drawn as the green mode's square: right colour, wrong shape.
    const square = renderMode(1, createRng(5));
    const recoloured = new Uint8Array(square);
    for (let p = 0; p < recoloured.length; p += 4) {
      const on = square[p + 1]! / 200;
      recoloured.set([220 * on, 40 * on, 40 * on].map(Math.round), p);
    }
    expect(classifyMode(recoloured)).toBeNull();
  });

  it('counts coverage per mode', () => {
    const two = decoded.filter((d) => d.mode === 2 || d.mode === 6).map((d) => d.rgba);
    const { counts, rejected } = modeCoverage([...two, new Uint8Array(MODE_SIZE * MODE_SIZE * 4)]);
    expect(counts.filter((c) => c > 0)).toHaveLength(2);
    expect(counts[2]! + counts[6]! + rejected).toBe(two.length + 1);
    expect(rejected).toBeGreaterThanOrEqual(1);
    expect(MODES[2]!.name).toBe('blue triangle');
  });
});
