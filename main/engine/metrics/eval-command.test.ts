import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { evalCommand } from '../../cli/commands/eval-command';
import { UsageError } from '../../cli/output';
import { writeStatsNpz } from './npz';
import { FIXTURES, reference, relErr } from './test-fixtures';

// Lives beside the metrics it exercises; it drives the CLI glue (main/cli/commands/eval-command.ts).
async function run(
  sub: string,
  options: Record<string, string | string[]>,
): Promise<Record<string, unknown>> {
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await evalCommand(sub, options, true);
    return JSON.parse(write.mock.calls.map((c) => String(c[0])).join('')) as Record<
      string,
      unknown
    >;
  } finally {
    write.mockRestore();
  }
}

describe('latent-studio eval', () => {
  afterEach(() => vi.restoreAllMocks());

  it('bleu: files with one sentence per line, several --ref, sacreBLEU defaults', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eval-bleu-'));
    const c = reference.bleu.find((b) => b.name === 'sacrebleu-readme')!;
    await writeFile(join(dir, 'hyp.txt'), `${c.hyps.join('\n')}\n`);
    await writeFile(join(dir, 'r1.txt'), c.refs[0]!.join('\r\n'));
    await writeFile(join(dir, 'r2.txt'), `${c.refs[1]!.join('\n')}\n`);
    const out = await run('bleu', {
      hyp: join(dir, 'hyp.txt'),
      ref: [join(dir, 'r1.txt'), join(dir, 'r2.txt')],
    });
    expect(Object.keys(out).sort()).toEqual([
      'bleu',
      'brevityPenalty',
      'hypLen',
      'precisions',
      'refLen',
    ]);
    expect(out.bleu).toBeCloseTo(c.sacrebleu['13a'].exp.bleu, 12);
    const nltk = await run('bleu', {
      hyp: join(dir, 'hyp.txt'),
      ref: [join(dir, 'r1.txt'), join(dir, 'r2.txt')],
      smooth: 'none',
      tokenize: 'none',
    });
    expect(nltk.bleu).toBeCloseTo(c.nltk.none, 12);
    await writeFile(join(dir, 'short.txt'), 'one line\n');
    await expect(
      run('bleu', { hyp: join(dir, 'hyp.txt'), ref: join(dir, 'short.txt') }),
    ).rejects.toThrow(/parallel/);
    await expect(
      run('bleu', { hyp: join(dir, 'hyp.txt'), ref: join(dir, 'r1.txt'), smooth: 'magic' }),
    ).rejects.toBeInstanceOf(UsageError);
  });

  it('fid: two statistics files → {fid, nReal, nFake, extractor}', async () => {
    const out = await run('fid', {
      real: join(FIXTURES, 'stats_real_f8.npz'),
      fake: join(FIXTURES, 'stats_fake_f4_deflate.npz'),
    });
    expect(relErr(out.fid as number, reference.fid_stats_files)).toBeLessThan(1e-9);
    expect(out).toMatchObject({ nReal: null, nFake: null, extractor: 'from statistics file' });
    const dir = await mkdtemp(join(tmpdir(), 'eval-fid-'));
    const stats = { mu: Float64Array.from([0, 1]), sigma: Float64Array.from([1, 0, 0, 1]) };
    await writeStatsNpz(join(dir, 'a.npz'), { ...stats, n: 500 });
    await writeStatsNpz(join(dir, 'b.npz'), { ...stats, mu: Float64Array.from([3, 5]), n: 700 });
    expect(await run('fid', { real: join(dir, 'a.npz'), fake: join(dir, 'b.npz') })).toMatchObject({
      nReal: 500,
      nFake: 700,
    });
    await expect(
      run('fid', { real: join(dir, 'a.npz'), fake: join(dir, 'missing.npz') }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run('fid', { real: join(dir, 'a.npz') })).rejects.toBeInstanceOf(UsageError);
  });
});
