/**
 * The one dense kernel every metric here leans on: out[i][j] = Σ_k a[i][k]·b[j][k], i.e. A·Bᵀ for
 * row-major matrices that share their row length K. Gram matrices, covariance updates, pairwise
 * distances and the FID congruence are all "dot products of rows", so one well-tuned loop serves.
 *
 * Why it is shaped like this (plain JS has no BLAS): rows are contiguous, so every inner loop walks
 * memory forward; 4×2 register tiles do eight multiply-adds per six loads instead of one per two;
 * blocks of 64 rows × 256 columns (2 × 128 KB) stay in L2 while they are reused.
 */
export interface RowDotsOptions {
  /** Only j ≤ i is computed (the caller knows the result is symmetric, e.g. A = B). */
  lower?: boolean;
  /** Row i of A is zero before column i (a transposed triangular factor): skip those zeros. */
  aTriangular?: boolean;
  /** Add into `out` instead of overwriting it (streaming accumulation). */
  accumulate?: boolean;
}

const KB = 256;
const RB = 64;

export function rowDots(
  a: Float64Array,
  rowsA: number,
  b: Float64Array,
  rowsB: number,
  k: number,
  out: Float64Array,
  options: RowDotsOptions = {},
): void {
  const { lower = false, aTriangular = false, accumulate = false } = options;
  if (!accumulate) out.fill(0, 0, rowsA * rowsB);
  for (let k0 = 0; k0 < k; k0 += KB) {
    const k1 = Math.min(k, k0 + KB);
    for (let i0 = 0; i0 < rowsA; i0 += RB) {
      // Rows of a triangular A from i0 on are zero up to column i0: nothing left in this slab.
      if (aTriangular && i0 >= k1) break;
      const i1 = Math.min(rowsA, i0 + RB);
      const jEnd = lower ? Math.min(rowsB, i1) : rowsB;
      for (let j0 = 0; j0 < jEnd; j0 += RB) {
        const j1 = Math.min(jEnd, j0 + RB);
        tile(a, b, out, rowsA, rowsB, k, i0, i1, j0, j1, aTriangular ? k0 : -1, k0, k1, lower);
      }
    }
  }
}

function tile(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  rowsA: number,
  rowsB: number,
  k: number,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  tri: number,
  k0: number,
  k1: number,
  lower: boolean,
): void {
  // 4 rows of A × 2 rows of B: eight independent sums per six loads. Edge tiles repeat the last
  // row/column (clamped indices) and write each real cell once.
  const last = rowsA - 1;
  for (let i = i0; i < i1; i += 4) {
    const ia = Math.min(i + 1, last);
    const ib = Math.min(i + 2, last);
    const ic = Math.min(i + 3, last);
    const ks = tri >= 0 ? Math.max(k0, i) : k0;
    if (ks >= k1) continue;
    const a0 = i * k;
    const a1 = ia * k;
    const a2 = ib * k;
    const a3 = ic * k;
    const jStop = lower ? Math.min(j1, ic + 1) : j1;
    for (let j = j0; j < jStop; j += 2) {
      const j2 = Math.min(j + 1, rowsB - 1);
      const b0 = j * k;
      const b1 = j2 * k;
      let s00 = 0,
        s01 = 0,
        s10 = 0,
        s11 = 0,
        s20 = 0,
        s21 = 0,
        s30 = 0,
        s31 = 0;
      for (let q = ks; q < k1; q++) {
        const y0 = b[b0 + q]!;
        const y1 = b[b1 + q]!;
        const x0 = a[a0 + q]!;
        const x1 = a[a1 + q]!;
        const x2 = a[a2 + q]!;
        const x3 = a[a3 + q]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s20 += x2 * y0;
        s21 += x2 * y1;
        s30 += x3 * y0;
        s31 += x3 * y1;
      }
      const pairs = j2 !== j;
      add(out, i * rowsB, j, s00, s01, pairs);
      if (ia !== i) add(out, ia * rowsB, j, s10, s11, pairs);
      if (ib !== ia) add(out, ib * rowsB, j, s20, s21, pairs);
      if (ic !== ib) add(out, ic * rowsB, j, s30, s31, pairs);
    }
  }
}

function add(
  out: Float64Array,
  row: number,
  j: number,
  s0: number,
  s1: number,
  pair: boolean,
): void {
  out[row + j]! += s0;
  if (pair) out[row + j + 1]! += s1;
}

/** Copies the lower triangle of a square row-major matrix onto its upper triangle. */
export function mirrorLower(m: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) m[j * n + i] = m[i * n + j]!;
}
