import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalReport, EvalRequest } from '../../main/contract/eval-schemas';
import { runEvaluation } from '../../main/engine/evaluation/run-evaluation';
import { exportSeeds, COLLAPSED, HEALTHY, openEvalWorld, type EvalWorld } from './eval-fixtures';

let world: EvalWorld;
let reference: string;
let ownSamples: string;
const N = 48;

beforeAll(async () => {
  world = await openEvalWorld();
  reference = join(world.dir, 'reference');
  ownSamples = join(world.dir, 'own-samples');
  // The reference: other seeds of the healthy model (its "training distribution").
  await exportSeeds(world.library, HEALTHY, 1000, N, reference);
  // A training folder made of the very samples seeds 0..23 will produce.
  await exportSeeds(world.library, HEALTHY, 0, 24, ownSamples);
});
afterAll(() => world.close());

const run = (request: EvalRequest): Promise<EvalReport> =>
  runEvaluation(request, {
    dataDir: world.dataDir,
    library: world.library,
    extractor: world.extractor,
  });

describe('runEvaluation', () => {
  it('a collapsed generator scores clearly worse than a healthy one against the same folder', async () => {
    const real = { kind: 'folder' as const, path: reference };
    const metrics = ['fid', 'kid', 'pr'] as const;
    const healthy = await run({
      metrics: [...metrics],
      real,
      fake: { kind: 'model', model: HEALTHY, count: N },
    });
    const collapsed = await run({
      metrics: [...metrics],
      real,
      fake: { kind: 'model', model: COLLAPSED, count: N },
    });
    const h = healthy.results;
    const c = collapsed.results;
    expect(c.pr!.recall).toBeLessThan(0.1);
    expect(c.pr!.coverage).toBeLessThan(0.15);
    expect(h.pr!.recall).toBeGreaterThan(0.5);
    expect(h.pr!.coverage).toBeGreaterThan(0.5);
    expect(c.fid!.value).toBeGreaterThan(3 * h.fid!.value);
    expect(c.kid!.mean).toBeGreaterThan(3 * Math.max(h.kid!.mean, 1e-6));

    // Every report names its extractor and counts, KID first with the small-sample warning.
    expect(healthy).toMatchObject({
      extractor: { id: world.extractor.id, label: world.extractor.label, dim: 64 },
      fake: { n: N },
      real: { n: N },
      order: ['kid', 'fid', 'pr'],
      warnings: [],
    });
    expect(h.fid!.warning).toMatch(/48 samples/);
    expect(healthy.fake.label).toMatch(/seeds 0–47, truncation 1/);
  });

  it('memorisation: flags samples that are training images, few when the folder is other images', async () => {
    const fake = { kind: 'model' as const, model: HEALTHY, count: 24 };
    const copied = await run({
      metrics: ['memorization'],
      real: { kind: 'folder', path: ownSamples },
      fake,
    });
    const m = copied.results.memorization!;
    expect([m.flagged, m.total]).toEqual([24, 24]);
    expect(m.thresholdRule).toMatch(/5th percentile/);
    // 24 training images: too few for the threshold to mean much, and the result says so.
    expect(m.warning).toMatch(/Only 24 training images to compare with \(fewer than 50\)/);
    const first = m.pairs[0]!;
    expect(first.distance).toBe(0);
    expect(first.trainFile).toBe(join(ownSamples, `healthy-generator-seed${first.seed}.png`));
    expect(first.sample).toBe(first.seed); // seed 0 onwards: sample i is seed i

    const other = await run({
      metrics: ['memorization'],
      real: { kind: 'folder', path: reference },
      fake,
    });
    const o = other.results.memorization!;
    expect(o.flagged).toBeLessThanOrEqual(6);
    expect(o.pairs.every((p) => p.distance > 0)).toBe(true);
  });
});
