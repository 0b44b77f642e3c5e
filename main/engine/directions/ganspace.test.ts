import { describe, expect, it } from 'vitest';
import { sampleNormalLatent } from '../latent/prng';
import { ganspaceDirections } from './ganspace';
import { jacobiEigen, topEigen } from './top-eigen';

describe('GANSpace directions', () => {
  // Features that are a known linear map of z: y = (10·z0, 3·z1, 0.1·z2, z0 + z1 mixed out).
  const latents = Array.from({ length: 400 }, (_, i) => sampleNormalLatent(i, 3));
  const features = latents.map((z) => Float64Array.from([10 * z[0]!, 3 * z[1]!, 0.1 * z[2]!]));

  it('finds the latent axes in order of feature variance, one standard deviation long', () => {
    for (const gram of [false, true]) {
      // 400 samples and 3 features use the covariance; a 3-sample slice uses the Gram matrix.
      const [first, second] = gram
        ? ganspaceDirections(latents.slice(0, 3), features.slice(0, 3), 2, 1)
        : ganspaceDirections(latents, features, 2, 1);
      expect(first!.explained).toBeGreaterThan(second!.explained);
      if (gram) continue;
      // Component 0 is z0 (variance 100), component 1 is z1 (variance 9).
      expect(Math.abs(first!.vector[0]!)).toBeGreaterThan(0.9);
      expect(Math.abs(first!.vector[1]!)).toBeLessThan(0.1);
      expect(Math.abs(second!.vector[1]!)).toBeGreaterThan(0.9);
      expect(first!.sigma).toBeGreaterThan(8);
      expect(first!.explained).toBeGreaterThan(0.85);
    }
  });

  it('is deterministic and signs each direction the same way every time', () => {
    const a = ganspaceDirections(latents, features, 2, 5);
    const b = ganspaceDirections(latents, features, 2, 5);
    expect(a[0]!.vector).toEqual(b[0]!.vector);
  });

  it('top eigenpairs match a full Jacobi decomposition', () => {
    const n = 12;
    const rows = Array.from({ length: 30 }, (_, i) =>
      sampleNormalLatent(100 + i, n).map((x, j) => x * (j + 1)),
    );
    const m = new Float64Array(n * n);
    for (const r of rows)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) m[i * n + j] = m[i * n + j]! + r[i]! * r[j]!;
    const exact = [...jacobiEigen(m, n).values].sort((x, y) => y - x);
    const { values, vectors } = topEigen(m, n, 3, 9);
    for (let k = 0; k < 3; k++) {
      expect(values[k]! / exact[k]!).toBeCloseTo(1, 6);
      const mv = Array.from({ length: n }, (_, i) =>
        vectors[k]!.reduce((s, v, j) => s + m[i * n + j]! * v, 0),
      );
      mv.forEach((x, i) => expect(x).toBeCloseTo(values[k]! * vectors[k]![i]!, 3));
    }
  });
});
