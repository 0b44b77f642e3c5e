import { readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureCacheDir } from '../../main/engine/evaluation/feature-cache';
import { evenlySpaced, extractFolder } from '../../main/engine/evaluation/folder-source';
import { extractModel } from '../../main/engine/evaluation/model-source';
import { openOnnxExtractor } from '../../main/engine/metrics/extractors/onnx-extractor';
import { exportSeeds, HEALTHY, openEvalWorld, TINY_ONNX, type EvalWorld } from './eval-fixtures';

let world: EvalWorld;
let folder: string;
const N = 12;

beforeAll(async () => {
  world = await openEvalWorld();
  folder = join(world.dir, 'exported');
  await exportSeeds(world.library, HEALTHY, 0, N, folder);
});
afterAll(() => world.close());

const seedOf = (file: string | null) => Number(/seed(\d+)\.png$/.exec(basename(file ?? ''))![1]);

describe('evaluation sources', () => {
  it('a folder of exported PNGs gives the same features as the model that made them', async () => {
    const cacheDir = featureCacheDir(world.dataDir);
    const fromFolder = await extractFolder(folder, world.extractor, { cacheDir });
    const fromModel = await extractModel(world.library, HEALTHY, world.extractor, { count: N });
    expect(fromFolder.n).toBe(N);
    expect(fromModel.items.map((i) => i.seed)).toEqual([...Array(N).keys()]);
    const dim = world.extractor.dim;
    let worst = 0;
    fromFolder.items.forEach((item, r) => {
      const s = seedOf(item.file); // folder rows are in file-name order: seed0, seed1, seed10, …
      for (let c = 0; c < dim; c++) {
        const a = fromFolder.features!.data[r * dim + c]!;
        const b = fromModel.features!.data[s * dim + c]!;
        worst = Math.max(worst, Math.abs(a - b));
      }
    });
    expect(worst).toBeLessThan(1e-9);
    expect(fromFolder.probabilities!.dim).toBe(10);
  });

  it('a second evaluation of the same folder extracts nothing (a disposed extractor proves it)', async () => {
    const cacheDir = join(world.dir, 'cache-test');
    const first = await extractFolder(folder, world.extractor, { cacheDir });
    expect(first.extracted).toBe(N);
    const [cacheFile] = await readdir(cacheDir);
    const before = await stat(join(cacheDir, cacheFile!));

    // A closed ONNX session throws if run: the second pass can only succeed from the cache.
    const closed = await openOnnxExtractor(TINY_ONNX);
    await closed.dispose();
    const blank = { width: 4, height: 4, rgba: new Uint8Array(64) };
    await expect(closed.features([blank])).rejects.toThrow();
    const second = await extractFolder(folder, closed, { cacheDir });
    expect(second.extracted).toBe(0);
    expect(second.features!.data).toEqual(first.features!.data);
    const after = await stat(join(cacheDir, cacheFile!));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]); // not even rewritten

    // A changed file (new mtime) is extracted again, and only that one.
    const touched = join(folder, (await readdir(folder)).sort()[3]!);
    await utimes(touched, new Date(), new Date(Date.now() + 5000));
    const third = await extractFolder(folder, world.extractor, { cacheDir });
    expect(third.extracted).toBe(1);

    // A damaged cache is only a cache: ignored, everything extracted again, then rewritten.
    await writeFile(join(cacheDir, cacheFile!), 'LSFC1\n\x05\x00\x00\x00{"ver');
    const fourth = await extractFolder(folder, world.extractor, { cacheDir });
    expect(fourth.extracted).toBe(N);
    expect(fourth.features!.data).toEqual(first.features!.data);
    expect((await extractFolder(folder, world.extractor, { cacheDir })).extracted).toBe(0);
  });

  it('names each unusable file with its reason and evaluates the rest', async () => {
    await writeFile(join(folder, 'broken.png'), 'this is not a png at all');
    await writeFile(join(folder, 'empty.jpg'), '');
    const cacheDir = join(world.dir, 'cache-bad');
    const side = await extractFolder(folder, world.extractor, { cacheDir });
    expect(side.n).toBe(N);
    expect(side.warnings).toHaveLength(2);
    expect(side.warnings.find((w) => w.includes(join(folder, 'broken.png')))).toMatch(
      /not an image|corrupt/,
    );
    expect(side.warnings.find((w) => w.includes(join(folder, 'empty.jpg')))).toMatch(/empty/);
    expect(side.label).toMatch(/2 skipped/);
    // Failures are cached too: the second pass decodes nothing and says the same.
    const again = await extractFolder(folder, world.extractor, { cacheDir });
    expect([again.extracted, again.warnings]).toEqual([0, side.warnings]);
  });

  it('count takes an evenly spaced, deterministic subset of the sorted files', async () => {
    expect(evenlySpaced(['a', 'b', 'c', 'd', 'e', 'f'], 3)).toEqual(['a', 'c', 'e']);
    expect(evenlySpaced(['a', 'b'], 5)).toEqual(['a', 'b']);
    const cacheDir = featureCacheDir(world.dataDir);
    const some = await extractFolder(folder, world.extractor, { cacheDir, count: 4 });
    // Chosen among every candidate file (unusable ones included), so the choice never shifts.
    const chosen = evenlySpaced((await readdir(folder)).sort(), 4);
    const usable = chosen.filter((f) => f.startsWith('healthy'));
    expect(some.items.map((i) => basename(i.file!))).toEqual(usable);
    expect(some.label).toMatch(/evenly spaced/);
  });

  it('cancelling mid-run stops at the next step of at most 32 samples', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = extractModel(world.library, HEALTHY, world.extractor, {
      count: 200,
      signal: controller.signal,
      onProgress: (done) => {
        seen.push(done);
        if (done > 0) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen).toEqual([0, 32]);
  });

  it('an aborted signal stops both sources before any work, with CANCELLED', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      extractModel(world.library, HEALTHY, world.extractor, {
        count: 64,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(
      extractFolder(folder, world.extractor, {
        cacheDir: join(world.dir, 'c3'),
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
