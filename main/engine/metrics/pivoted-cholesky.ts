/**
 * Pivoted Cholesky of a symmetric positive SEMI-definite matrix: P·S·Pᵀ ≈ L·Lᵀ with L lower
 * trapezoidal, n × rank. Pivoting on the largest remaining diagonal makes it rank-revealing, so a
 * singular covariance (fewer samples than dimensions, dead features) factors cleanly instead of
 * failing: it stops when every remaining pivot is below `tolerance` (LAPACK dpstrf's default
 * n·ε·max(diag) unless given), which drops a Schur complement whose trace is at most n·tolerance.
 *
 * Returned as Lᵀ (rank × n, row j = column j of L in pivot order, zero before column j) because
 * that is the row layout rowDots consumes.
 */
export interface PivotedCholesky {
  lt: Float64Array;
  rank: number;
  /** perm[q] = the original index placed at position q. */
  perm: Int32Array;
}

export function pivotedCholesky(s: Float64Array, n: number, tolerance?: number): PivotedCholesky {
  const diag = new Float64Array(n);
  let maxDiag = 0;
  for (let i = 0; i < n; i++) {
    diag[i] = s[i * n + i]!;
    maxDiag = Math.max(maxDiag, diag[i]!);
  }
  const tol = tolerance ?? n * Number.EPSILON * maxDiag;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  // rows[i·n + j] = L[i][j] keyed by ORIGINAL index i: the dot products below read two rows
  // contiguously, and nothing is physically swapped.
  const rows = new Float64Array(n * n);
  let rank = 0;
  for (let j = 0; j < n; j++) {
    let q = j;
    for (let t = j + 1; t < n; t++) if (diag[perm[t]!]! > diag[perm[q]!]!) q = t;
    const p = perm[q]!;
    if (!(diag[p]! > tol)) break;
    perm[q] = perm[j]!;
    perm[j] = p;
    const ljj = Math.sqrt(diag[p]!);
    const rp = p * n;
    rows[rp + j] = ljj;
    // L[i][j] = (S[p][i] - Σ_k L[i][k]·L[p][k]) / L[p][j] for every remaining i, four rows at a
    // time so each load of the pivot row feeds four independent sums.
    for (let t = j + 1; t < n; t += 4) {
      const i0 = perm[t]!;
      const i1 = perm[Math.min(t + 1, n - 1)]!;
      const i2 = perm[Math.min(t + 2, n - 1)]!;
      const i3 = perm[Math.min(t + 3, n - 1)]!;
      const [r0, r1, r2, r3] = [i0 * n, i1 * n, i2 * n, i3 * n];
      let v0 = 0;
      let v1 = 0;
      let v2 = 0;
      let v3 = 0;
      for (let k = 0; k < j; k++) {
        const x = rows[rp + k]!;
        v0 += rows[r0 + k]! * x;
        v1 += rows[r1 + k]! * x;
        v2 += rows[r2 + k]! * x;
        v3 += rows[r3 + k]! * x;
      }
      const done = [v0, v1, v2, v3];
      for (let c = 0; c < 4 && t + c < n; c++) {
        const i = perm[t + c]!;
        const v = (s[rp + i]! - done[c]!) / ljj;
        rows[i * n + j] = v;
        diag[i]! -= v * v;
      }
    }
    rank = j + 1;
  }
  const lt = new Float64Array(rank * n);
  for (let j = 0; j < rank; j++) {
    for (let q = j; q < n; q++) lt[j * n + q] = rows[perm[q]! * n + j]!;
  }
  return { lt, rank, perm };
}
