import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalRequest } from '../../main/contract/eval-schemas';
import { evaluationsDir, listEvaluations } from '../../main/engine/evaluation/history';
import { runEvaluation } from '../../main/engine/evaluation/run-evaluation';
import { sourceStatistics } from '../../main/engine/evaluation/source-statistics';
import { readRgba } from '../../main/engine/metrics/extractors/extractor-test-fixtures';
import { inceptionScore } from '../../main/engine/metrics/inception-score';
import { formatNpy } from '../../main/engine/metrics/npy';
import { readStatsNpz, writeStatsNpz } from '../../main/engine/metrics/npz';
import { exportSeeds, HEALTHY, openEvalWorld, TINY_ONNX, type EvalWorld } from './eval-fixtures';

let world: EvalWorld;
let folder: string;

beforeAll(async () => {
  world = await openEvalWorld();
  folder = join(world.dir, 'samples');
  await exportSeeds(world.library, HEALTHY, 500, 20, folder);
});
afterAll(() => world.close());

const ctx = () => ({ dataDir: world.dataDir, library: world.library, extractor: world.extractor });
const model = { kind: 'model' as const, model: HEALTHY, count: 20 };

describe('Inception Score', () => {
  it("uses the extractor's classifier, names it, and scores the samples in seed order", async () => {
    const fake = { ...model, seed: 500 };
    const report = await runEvaluation({ metrics: ['is'], fake }, ctx());
    const is = report.results.is!;
    // Independently: the exported PNGs of seeds 500..519, decoded and classified one by one.
    const images = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        readRgba(join(folder, `healthy-generator-seed${500 + i}.png`)),
      ),
    );
    const probs = await world.extractor.probabilities(images);
    const expected = inceptionScore(probs, 10, 2);
    expect(is.mean).toBeCloseTo(expected.mean, 9);
    expect(is.std).toBeCloseTo(expected.std, 9);
    expect(is.splits).toBe(2);
    expect(is.classifier).toContain(world.extractor.id);
    expect(is.classifier).toMatch(/10 classes/);
    expect(report.real).toBeNull();
  });

  it('is refused in words, before any image is read, for an extractor without a classifier', async () => {
    const dir = join(world.dir, 'headless');
    await mkdir(dir, { recursive: true });
    const manifest = JSON.parse(
      await readFile(TINY_ONNX.replace(/\.onnx$/, '.json'), 'utf8'),
    ) as Record<string, unknown>;
    delete manifest.classifier;
    await writeFile(join(dir, 'headless.json'), JSON.stringify(manifest));
    await copyFile(TINY_ONNX, join(dir, 'headless.onnx'));
    const request: EvalRequest = {
      metrics: ['is'],
      fake: model,
      extractor: join(dir, 'headless.onnx'),
    };
    await expect(
      runEvaluation(request, { dataDir: world.dataDir, library: world.library }),
    ).rejects.toThrow(/Inception Score needs an extractor with a classifier head; .*has none/);
  });
});

describe('statistics sources', () => {
  it('stats of a folder, written as .npz, give FID 0 against the folder itself', async () => {
    const s = await sourceStatistics(
      { kind: 'folder', path: folder },
      { dataDir: world.dataDir, library: world.library, extractor: TINY_ONNX },
    );
    expect([s.n, s.extractor.dim]).toEqual([20, 64]);
    const npz = join(world.dir, 'samples.npz');
    await writeStatsNpz(npz, s.stats);
    expect((await readStatsNpz(npz)).n).toBe(20);
    const report = await runEvaluation(
      {
        metrics: ['fid'],
        real: { kind: 'stats', path: npz },
        fake: { kind: 'folder', path: folder },
      },
      ctx(),
    );
    expect(Math.abs(report.results.fid!.value)).toBeLessThan(1e-8);
    expect(report.real!.n).toBe(20);
    expect(report.warnings).toEqual([
      expect.stringMatching(/samples\.npz was made outside this evaluation/),
    ]);
  });

  it('a .npy feature matrix serves KID; a .npz refuses KID in words; dimensions must match', async () => {
    const s = await sourceStatistics(
      { kind: 'folder', path: folder },
      { ...ctx(), extractor: TINY_ONNX },
    );
    const npz = join(world.dir, 'only-stats.npz');
    await writeStatsNpz(npz, s.stats);
    await expect(
      runEvaluation({ metrics: ['kid'], real: { kind: 'stats', path: npz }, fake: model }, ctx()),
    ).rejects.toThrow(/only-stats\.npz holds only mean and covariance/);
    const npy = join(world.dir, 'wrong-dim.npy');
    await writeFile(
      npy,
      formatNpy(
        [20, 8],
        new Float64Array(160).map((_, i) => Math.sin(i)),
      ),
    );
    await expect(
      runEvaluation({ metrics: ['kid'], real: { kind: 'stats', path: npy }, fake: model }, ctx()),
    ).rejects.toThrow(/wrong-dim\.npy has 8-d features, but .* makes 64-d ones/);
  });
});

describe('evaluation history', () => {
  it('saves every report atomically and lists them newest first, skipping damaged files', async () => {
    const dataDir = join(world.dir, 'history-data'); // its own: the tests above saved reports too
    const ctx = () => ({ dataDir, library: world.library, extractor: world.extractor });
    const first = await runEvaluation(
      { metrics: ['fid'], real: { kind: 'folder', path: folder }, fake: model },
      ctx(),
    );
    const second = await runEvaluation(
      { metrics: ['pr'], real: { kind: 'folder', path: folder }, fake: model },
      ctx(),
    );
    expect(first.modelKey).toBe(second.modelKey);
    const dir = join(evaluationsDir(dataDir), first.modelKey!);
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([`${first.id}.json`, `${second.id}.json`].sort());
    expect(files.some((f) => f.startsWith('.'))).toBe(false); // no temp files left behind

    await writeFile(join(dir, 'broken.json'), '{"id": "half-writ');
    await writeFile(join(dir, 'foreign.json'), JSON.stringify({ hello: 'world' }));
    const notices: string[] = [];
    const listed = await listEvaluations(dataDir, first.modelKey, (n) => notices.push(n));
    expect(listed.map((r) => r.id)).toEqual([second.id, first.id]);
    expect(notices).toHaveLength(2);
    expect(notices.join('\n')).toMatch(/broken\.json/);
    expect(notices.join('\n')).toMatch(/foreign\.json/);
    const all = await listEvaluations(dataDir, undefined, () => undefined);
    expect(all.map((r) => r.id)).toEqual([second.id, first.id]);
    expect(await listEvaluations(dataDir, '../../etc', () => undefined)).toEqual([]);
  });
});
