import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frechetDistance } from './fid';
import { gaussianStats } from './gaussian-stats';
import { readStatsNpz } from './npz';
import { symmetricEigenvalues } from './symmetric-eigen';
import { FIXTURES, loadFeatures, reference, relErr, statsFromRecipe } from './test-fixtures';

describe('symmetricEigenvalues', () => {
  it('finds known spectra, including repeated and zero eigenvalues', () => {
    // Q·diag(λ)·Qᵀ with Q a product of rotations; only the lower triangle is read.
    const n = 40;
    const lambda = Array.from({ length: n }, (_, i) =>
      i % 5 === 0 ? 0 : i % 3 === 0 ? 2 : i * 0.37 - 4,
    );
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) a[i * n + i] = lambda[i]!;
    for (let r = 0; r < 200; r++) {
      const p = (r * 7) % n;
      const q = (r * 13 + 1) % n;
      if (p === q) continue;
      const t = 0.1 + r * 0.01;
      const [c, s] = [Math.cos(t), Math.sin(t)];
      for (let k = 0; k < n; k++)
        [a[p * n + k], a[q * n + k]] = [
          c * a[p * n + k]! - s * a[q * n + k]!,
          s * a[p * n + k]! + c * a[q * n + k]!,
        ];
      for (let k = 0; k < n; k++)
        [a[k * n + p], a[k * n + q]] = [
          c * a[k * n + p]! - s * a[k * n + q]!,
          s * a[k * n + p]! + c * a[k * n + q]!,
        ];
    }
    const got = symmetricEigenvalues(a, n);
    const want = [...lambda].sort((x, y) => x - y);
    want.forEach((w, i) => expect(Math.abs(got[i]! - w)).toBeLessThan(1e-12));
    expect(Array.from(symmetricEigenvalues(Float64Array.from([5]), 1))).toEqual([5]);
    expect(Array.from(symmetricEigenvalues(new Float64Array(9), 3))).toEqual([0, 0, 0]);
  });
});

describe('frechetDistance (vs pytorch-fid with scipy.linalg.sqrtm)', () => {
  const real = loadFeatures('real_features.npy');
  const fake = loadFeatures('fake_features.npy');

  it('matches on 64-d features', () => {
    const fid = frechetDistance(gaussianStats(real.data, 64), gaussianStats(fake.data, 64));
    expect(relErr(fid, reference.fid_features)).toBeLessThan(1e-9);
  });

  it('matches on pytorch-fid statistics files (stored f8, deflated f4)', async () => {
    const a = await readStatsNpz(join(FIXTURES, 'stats_real_f8.npz'));
    const b = await readStatsNpz(join(FIXTURES, 'stats_fake_f4_deflate.npz'));
    expect(relErr(frechetDistance(a, b), reference.fid_stats_files)).toBeLessThan(1e-9);
  });

  it('handles singular covariances (40 samples in 64-d) without an ε fudge', () => {
    const a = gaussianStats(real.data.subarray(0, 40 * 64), 64);
    const b = gaussianStats(fake.data.subarray(0, 40 * 64), 64);
    expect(relErr(frechetDistance(a, b), reference.fid_singular)).toBeLessThan(1e-6);
    expect(Math.abs(frechetDistance(a, a))).toBeLessThan(1e-6);
  });

  it('matches to 1e-3 on realistic 2048-d statistics', { timeout: 600_000 }, () => {
    const a = statsFromRecipe('stats2048_a.npz');
    const b = statsFromRecipe('stats2048_b.npz');
    const [start, cpu0] = [performance.now(), process.cpuUsage()];
    const fid = frechetDistance(a, b);
    const cpu = process.cpuUsage(cpu0);
    const wall = (performance.now() - start) / 1000;
    const rel = relErr(fid, reference.fid_2048).toExponential(2);
    console.log(
      `FID 2048-d: ${fid} vs scipy ${reference.fid_2048} (rel ${rel}); ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU, ${wall.toFixed(1)} s wall`,
    );
    expect(relErr(fid, reference.fid_2048)).toBeLessThan(1e-3);
  });

  it('refuses statistics of different dimensions', () => {
    const a = gaussianStats(real.data, 64);
    const b = gaussianStats(real.data, 32);
    expect(() => frechetDistance(a, b)).toThrow(/different dimensions/);
  });
});
