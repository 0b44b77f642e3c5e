import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatNpy, parseNpy } from './npy';
import { formatNpz, parseNpz, readStatsNpz, writeStatsNpz } from './npz';
import { FIXTURES } from './test-fixtures';

describe('npz', () => {
  it('reads numpy.savez (stored, ZIP64 local headers) float64 statistics', async () => {
    const s = await readStatsNpz(join(FIXTURES, 'stats_real_f8.npz'));
    expect(s.mu.length).toBe(64);
    expect(s.sigma.length).toBe(64 * 64);
    expect(s.n).toBeNull();
  });

  it('reads numpy.savez_compressed (deflate) float32 statistics', async () => {
    const s = await readStatsNpz(join(FIXTURES, 'stats_fake_f4_deflate.npz'));
    expect(s.mu.length).toBe(64);
    expect(s.sigma[0]).toBeGreaterThan(0);
  });

  it('round-trips what it writes, with n, stored and deflated', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'npz-'));
    const mu = Float64Array.from([1, -2.5, 3e-300]);
    const sigma = Float64Array.from([1, 0.5, 0, 0.5, 2, 0, 0, 0, 1e-12]);
    await writeStatsNpz(join(dir, 's.npz'), { mu, sigma, n: 10000 });
    const back = await readStatsNpz(join(dir, 's.npz'));
    expect(Array.from(back.mu)).toEqual(Array.from(mu));
    expect(Array.from(back.sigma)).toEqual(Array.from(sigma));
    expect(back.n).toBe(10000);
    const z = parseNpz(
      formatNpz({ a: { shape: [2, 2], data: Float64Array.from([1, 2, 3, 4]) } }, true),
      'mem',
    );
    expect(Array.from(z.get('a')!.data)).toEqual([1, 2, 3, 4]);
  });

  it('writes .npy headers numpy accepts (64-byte aligned, v1)', () => {
    const npy = formatNpy([3], [1, 2, 3]);
    expect((npy.length - 24) % 64).toBe(0);
    expect(parseNpy(npy, 'x').shape).toEqual([3]);
  });

  it('rejects malformed files with BAD_FILE naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'npz-bad-'));
    const good = readFileSync(join(FIXTURES, 'stats_real_f8.npz'));
    const cases: [string, Uint8Array][] = [
      ['truncated.npz', good.subarray(0, good.length - 40)],
      ['text.npz', new TextEncoder().encode('not a zip at all')],
      ['flipped.npz', Uint8Array.from(good, (b, i) => (i === 200 ? b ^ 0xff : b))],
      ['nosigma.npz', formatNpz({ mu: { shape: [2], data: Float64Array.from([1, 2]) } })],
      [
        'shape.npz',
        formatNpz({
          mu: { shape: [2], data: Float64Array.from([1, 2]) },
          sigma: { shape: [3], data: Float64Array.from([1, 2, 3]) },
        }),
      ],
      [
        'nan.npz',
        formatNpz({
          mu: { shape: [1], data: Float64Array.from([NaN]) },
          sigma: { shape: [1, 1], data: Float64Array.from([1]) },
        }),
      ],
    ];
    for (const [name, bytes] of cases) {
      await writeFile(join(dir, name), bytes);
      await expect(readStatsNpz(join(dir, name)), name).rejects.toMatchObject({
        code: 'BAD_FILE',
        message: expect.stringContaining(name) as unknown,
      });
    }
    const npy = new Uint8Array(await readFile(join(FIXTURES, 'softmax.npy')));
    npy[21] = 0x3e; // descr '<f8' → '>f8': big-endian is refused in words
    expect(() => parseNpy(npy, 'softmax.npy')).toThrow(/softmax\.npy.*>f8/);
  });
});
