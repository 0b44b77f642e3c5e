import { tridiagonalQl } from './tridiagonal-ql';

/**
 * Eigenvalues of a real symmetric n×n matrix (row-major; only the lower triangle is read), in
 * ascending order: Householder reduction to tridiagonal form, then implicit QL with Wilkinson-like
 * shifts (the classic tred2/tqli pair, eigenvalues only). Backward stable: each eigenvalue is
 * accurate to about n·ε·‖A‖, which is what FID's trace of a matrix square root needs.
 *
 * The O(n³) part is the reduction. It works on the lower triangle row by row so every inner loop
 * walks memory forward, and it touches only the half of the matrix it needs.
 */
export function symmetricEigenvalues(matrix: Float64Array, n: number): Float64Array {
  const a = matrix.slice(0, n * n);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalise(a, n, d, e);
  tridiagonalQl(d, e, n);
  return d.sort();
}

/**
 * Householder: leaves the diagonal in d and the sub-diagonal in e[1..n-1] (e[0] = 0).
 * Step i reflects row i into the tridiagonal form with u = (row i left of the diagonal, scaled and
 * shifted) and updates the leading block A ← A - u·qᵀ - q·uᵀ. That update and the next step's
 * product p = A·u' both sweep the whole block, so they are FUSED: once row i-1 is updated (it IS
 * u'), each further row is updated and immediately multiplied into p' while in cache. Half the
 * memory traffic of the textbook order, same arithmetic.
 */
function tridiagonalise(a: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  const p = new Float64Array(n);
  let h = 0; // > 0: step i is active and p already holds A·u for it
  let ready = false;
  for (let i = n - 1; i > 0; i--) {
    const row = i * n;
    if (!ready) {
      h = reflector(a, n, i, e);
      if (h === 0) continue;
      p.fill(0, 0, i);
      for (let j = 0; j < i; j++) {
        const rj = j * n;
        const uj = a[row + j]!;
        let s = 0;
        for (let k = 0; k < j; k++) {
          const v = a[rj + k]!;
          s += v * a[row + k]!;
          p[k]! += v * uj;
        }
        p[j]! += s + a[rj + j]! * uj;
      }
    }
    ready = false;
    if (h === 0) continue;
    // q = p/h - K·u with K = uᵀp / 2h², kept in e[0..i-1].
    let f = 0;
    for (let j = 0; j < i; j++) {
      e[j] = p[j]! / h;
      f += e[j]! * a[row + j]!;
    }
    const hh = f / (h + h);
    for (let j = 0; j < i; j++) e[j]! -= hh * a[row + j]!;
    updateRow(a, n, i - 1, row, e);
    const next = i - 1 > 0 ? reflector(a, n, i - 1, e) : 0;
    const rowNext = (i - 1) * n;
    if (next === 0) {
      for (let j = 0; j < i - 1; j++) updateRow(a, n, j, row, e);
    } else {
      p.fill(0, 0, i - 1);
      fusedUpdate(a, n, i - 1, row, rowNext, e, p);
    }
    h = next;
    ready = true;
  }
  e[0] = 0;
  for (let i = 0; i < n; i++) d[i] = a[i * n + i]!;
}

/**
 * Rows 0..m-1 of the block: the rank-2 update with (u = row `urow`, q = e), fused with
 * p += A·u' (u' = row `vrow`, already updated). Rows go in pairs so each load of q, u, u' and
 * each read-modify-write of p serves two rows.
 */
function fusedUpdate(
  a: Float64Array,
  n: number,
  m: number,
  urow: number,
  vrow: number,
  e: Float64Array,
  p: Float64Array,
): void {
  let j = 0;
  for (; j + 1 < m; j += 2) {
    const r0 = j * n;
    const r1 = r0 + n;
    const f0 = a[urow + j]!;
    const g0 = e[j]!;
    const w0 = a[vrow + j]!;
    const f1 = a[urow + j + 1]!;
    const g1 = e[j + 1]!;
    const w1 = a[vrow + j + 1]!;
    let s0 = 0;
    let s1 = 0;
    for (let k = 0; k < j; k++) {
      const q = e[k]!;
      const u = a[urow + k]!;
      const w = a[vrow + k]!;
      const v0 = a[r0 + k]! - (f0 * q + g0 * u);
      const v1 = a[r1 + k]! - (f1 * q + g1 * u);
      a[r0 + k] = v0;
      a[r1 + k] = v1;
      s0 += v0 * w;
      s1 += v1 * w;
      p[k]! += v0 * w0 + v1 * w1;
    }
    // The 2×2 corner: a[j][j], a[j+1][j], a[j+1][j+1].
    const d0 = a[r0 + j]! - (f0 * g0 + g0 * f0);
    const c10 = a[r1 + j]! - (f1 * g0 + g1 * f0);
    const d1 = a[r1 + j + 1]! - (f1 * g1 + g1 * f1);
    a[r0 + j] = d0;
    a[r1 + j] = c10;
    a[r1 + j + 1] = d1;
    p[j]! += s0 + d0 * w0 + c10 * w1;
    p[j + 1]! += s1 + c10 * w0 + d1 * w1;
  }
  if (j < m) {
    // An odd last row, on its own.
    const rj = j * n;
    const fj = a[urow + j]!;
    const gj = e[j]!;
    const wj = a[vrow + j]!;
    let s = 0;
    for (let k = 0; k < j; k++) {
      const v = a[rj + k]! - (fj * e[k]! + gj * a[urow + k]!);
      a[rj + k] = v;
      s += v * a[vrow + k]!;
      p[k]! += v * wj;
    }
    const v = a[rj + j]! - (fj * e[j]! + gj * a[urow + j]!);
    a[rj + j] = v;
    p[j]! += s + v * wj;
  }
}

/** Row j of the block: a[j][k] -= u[j]·q[k] + q[j]·u[k] for k ≤ j (u = row `urow`, q = e). */
function updateRow(a: Float64Array, n: number, j: number, urow: number, e: Float64Array): void {
  const rj = j * n;
  const fj = a[urow + j]!;
  const gj = e[j]!;
  for (let k = 0; k <= j; k++) a[rj + k]! -= fj * e[k]! + gj * a[urow + k]!;
}

/**
 * Turns row i (left of the diagonal) into the Householder vector u in place and sets e[i].
 * Returns h = |u|²/2 (0 when the row is already reduced and there is nothing to do).
 */
function reflector(a: Float64Array, n: number, i: number, e: Float64Array): number {
  const row = i * n;
  const l = i - 1;
  let scale = 0;
  for (let k = 0; k < i; k++) scale += Math.abs(a[row + k]!);
  if (l === 0 || scale === 0) {
    e[i] = a[row + l]!;
    return 0;
  }
  let h = 0;
  for (let k = 0; k < i; k++) {
    const v = a[row + k]! / scale;
    a[row + k] = v;
    h += v * v;
  }
  const f = a[row + l]!;
  const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
  e[i] = scale * g;
  a[row + l] = f - g;
  return h - f * g;
}
