import { createRng } from '../latent/prng';

/**
 * The top `k` eigenpairs of a symmetric positive semi-definite m×m matrix (row-major), by
 * subspace iteration with Rayleigh–Ritz: Q ← orth(M·Q) on k + 8 columns started from the seed's
 * normal draws, then the small projected matrix QᵀMQ is diagonalised exactly (cyclic Jacobi).
 * Deterministic given the seed; eigenvectors are signed so their largest component is positive.
 */
export function topEigen(
  matrix: Float64Array,
  m: number,
  k: number,
  seed: number,
  iterations = 80,
): { values: Float64Array; vectors: Float64Array[] } {
  const p = Math.min(m, k + 8);
  const rng = createRng(seed);
  let q: Float64Array[] = Array.from({ length: p }, () =>
    Float64Array.from({ length: m }, () => rng.nextNormal()),
  );
  orthonormalise(q);
  for (let it = 0; it < iterations; it++) {
    q = q.map((v) => multiply(matrix, m, v));
    orthonormalise(q);
  }
  const mq = q.map((v) => multiply(matrix, m, v));
  const t = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) t[i * p + j] = dot(q[i]!, mq[j]!);
  const { values, vectors } = jacobiEigen(t, p);
  const order = [...values.keys()].sort((a, b) => values[b]! - values[a]!).slice(0, Math.min(k, p));
  const outVectors = order.map((col) => {
    const v = new Float64Array(m);
    for (let i = 0; i < p; i++) {
      const w = vectors[i * p + col]!;
      const qi = q[i]!;
      for (let r = 0; r < m; r++) v[r] = v[r]! + w * qi[r]!;
    }
    let big = 0;
    for (const x of v) if (Math.abs(x) > Math.abs(big)) big = x;
    if (big < 0) for (let r = 0; r < m; r++) v[r] = -v[r]!;
    return v;
  });
  return { values: Float64Array.from(order, (c) => Math.max(0, values[c]!)), vectors: outVectors };
}

function multiply(matrix: Float64Array, m: number, v: Float64Array): Float64Array {
  const out = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    let s = 0;
    const row = r * m;
    for (let c = 0; c < m; c++) s += matrix[row + c]! * v[c]!;
    out[r] = s;
  }
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Modified Gram–Schmidt, twice for stability; a vanished column is left as zeros. */
function orthonormalise(vectors: Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < vectors.length; i++) {
      const v = vectors[i]!;
      for (let j = 0; j < i; j++) {
        const u = vectors[j]!;
        const d = dot(u, v);
        for (let r = 0; r < v.length; r++) v[r] = v[r]! - d * u[r]!;
      }
      const n = Math.sqrt(dot(v, v));
      for (let r = 0; r < v.length; r++) v[r] = n > 1e-300 ? v[r]! / n : 0;
    }
  }
}

/** Cyclic Jacobi for a small symmetric matrix: eigenvalues and column eigenvectors (row-major). */
export function jacobiEigen(
  a0: Float64Array,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = a0.slice();
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]!), vectors: v };
}
