import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStatsNpz } from '../../main/engine/metrics/npz';
import { json, runCli, type CliResult } from '../support/run-cli';
import { REPO_ROOT } from '../support/temp-studio';

// The built `latent-studio eval …` on real files: the tiny test extractor, the two tiny generators.
const EXTRACTOR = join(REPO_ROOT, 'test', 'fixtures', 'extractors', 'tiny-extractor.onnx');
const HEALTHY = join(REPO_ROOT, 'test', 'fixtures', 'eval', 'healthy-generator.onnx');
const COLLAPSED = join(REPO_ROOT, 'test', 'fixtures', 'eval', 'collapsed-generator.onnx');

let dir: string;
let reference: string;
const data = () => join(dir, 'data');
const evalCli = (...args: string[]): Promise<CliResult> =>
  runCli(['eval', ...args, '--extractor', EXTRACTOR, '--json'], data());

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latent-eval-cli-'));
  reference = join(dir, 'reference');
  const sampled = await runCli(
    ['sample', '--model', HEALTHY, '--seed', '100', '--count', '16', '--out', reference, '--json'],
    data(),
  );
  expect(sampled.code).toBe(0);
  // A real PNG cut short: its header is fine, its pixel data ends early.
  const whole = await readFile(join(reference, 'healthy-generator-seed100.png'));
  await writeFile(
    join(reference, 'zz-corrupt.png'),
    whole.subarray(0, Math.floor(whole.length * 0.6)),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const common = {
  nReal: 16,
  nFake: 16,
  extractor: expect.stringMatching(/^tiny-extractor@[0-9a-f]{12}\+bilinear32$/) as unknown,
  extractorLabel: expect.stringContaining('tiny-extractor.onnx') as unknown,
  reportId: expect.any(String) as unknown,
};

describe('latent-studio eval (images)', () => {
  it('fid: folder vs model → {fid, nReal, nFake, extractor, …}; the corrupt file is named', async () => {
    // --count caps both sides: all 17 files of the folder (one unusable), 17 model samples.
    const healthy = await evalCli('fid', '--real', reference, '--fake', HEALTHY, '--count', '17');
    const out = json(healthy);
    expect(out).toMatchObject({ ...common, nFake: 17, fid: expect.any(Number) as unknown });
    expect(out.warning).toMatch(/16 samples/);
    expect(out.warnings).toEqual([expect.stringMatching(/zz-corrupt\.png: (corrupt|truncated)/)]);
    expect(healthy.stderr).toMatch(/fake 17\/17/); // progress goes to stderr
    const collapsed = json(
      await evalCli('fid', '--real', reference, '--fake', COLLAPSED, '--count', '17'),
    );
    expect(collapsed.fid as number).toBeGreaterThan(3 * (out.fid as number));
  });

  it('kid, pr and is give their own fields', async () => {
    const [kid, pr, is] = await Promise.all([
      evalCli('kid', '--real', reference, '--fake', HEALTHY, '--count', '16'),
      evalCli('pr', '--real', reference, '--fake', COLLAPSED, '--count', '16'),
      evalCli('is', HEALTHY, '--count', '20'),
    ]);
    expect(json(kid)).toMatchObject({
      ...common,
      kid: expect.any(Number) as unknown,
      subsetSize: 8, // half of 16: subsets of all 16 would all be the same, with no ± at all
      subsetRule: expect.stringMatching(/half the smaller set \(8 of 16\)/) as unknown,
    });
    expect(json(kid).kidStd as number).toBeGreaterThan(0);
    expect(json(pr)).toMatchObject({ ...common, recall: 0, k: 5 });
    expect(json(is)).toMatchObject({
      nReal: null,
      nFake: 20,
      splits: 2,
      is: expect.any(Number) as unknown,
    });
    expect(json(is).classifier).toMatch(/10 classes/);
  });

  it('memorization: a model against a folder of its own samples flags them all', async () => {
    const out = json(
      await evalCli(
        'memorization',
        '--model',
        HEALTHY,
        '--train',
        reference,
        '--seed',
        '100',
        '--count',
        '16',
      ),
    );
    expect(out).toMatchObject({ ...common, flagged: 16, total: 16 });
    const pairs = out.pairs as { seed: number; trainFile: string; distance: number }[];
    expect(pairs[0]!.distance).toBe(0);
    expect(pairs[0]!.trainFile).toBe(
      join(reference, `healthy-generator-seed${pairs[0]!.seed}.png`),
    );
  });

  it('stats writes a pytorch-fid .npz that fid then reads; history is saved', async () => {
    const npz = join(dir, 'reference.npz');
    const out = json(await evalCli('stats', reference, '--out', npz));
    expect(out).toMatchObject({ out: npz, n: 16, dim: 64, extractor: common.extractor });
    expect((await readStatsNpz(npz)).mu).toHaveLength(64);
    const fid = json(await evalCli('fid', '--real', npz, '--fake', reference));
    expect(Math.abs(fid.fid as number)).toBeLessThan(1e-8);
    const histories = await readdir(join(data(), 'evaluations'));
    expect(histories.some((k) => k.startsWith('healthy-generator.onnx-'))).toBe(true);
    expect(histories.some((k) => k.startsWith('reference-'))).toBe(true);
  });

  it('errors name the file, exit 1, no stack trace', async () => {
    const bad = join(dir, 'bad-extractor.onnx');
    await copyFile(EXTRACTOR, bad); // no manifest beside it
    for (const result of await Promise.all([
      evalCli('fid', '--real', join(dir, 'nowhere'), '--fake', HEALTHY),
      runCli(['eval', 'is', HEALTHY, '--extractor', bad, '--json'], data()),
      evalCli('kid', '--real', join(dir, 'reference.npz'), '--fake', HEALTHY),
    ])) {
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/nowhere|bad-extractor|reference\.npz/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
