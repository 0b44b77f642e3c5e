import { StudioError } from '../../contract/channels';
import { createRng, type Rng } from '../latent/prng';
import { pickRows, type FeatureMatrix } from './features';
import { rowDots } from './row-dots';

/**
 * Kernel Inception Distance (Bińkowski et al. 2018) as torch-fidelity / the authors' code compute
 * it: the unbiased MMD² with the cubic polynomial kernel k(x, y) = (x·y/d + 1)³, averaged over
 * random subsets; reported as mean and (population, ddof 0) standard deviation over subsets.
 *
 * Subsets are reproducible from `seed` (the studio PRNG, main/engine/latent/prng.ts): for each
 * subset, first the real then the fake indices are drawn by `sampleIndices` below, so another tool
 * that implements the PRNG picks exactly the same rows.
 *
 * Subset size (kidSubsetSize): the standard 1000 per side when the smaller set holds at least 2000
 * rows; below that, half the smaller set. clean-fid takes min(1000, n) (torch-fidelity refuses
 * smaller sets), so with 1,000 samples every subset is the whole set and the ± is 0 (or, against a
 * larger reference, only the reference's variation): no error bar at all. Halves differ from subset to subset, so the ±
 * is the spread of KID over random halves of the data. The mean is unchanged in expectation (the
 * estimator is unbiased at any size); only its spread grows. Why this matters, measured:
 * main/engine/metrics/README.md ("KID").
 *
 * Cost: about 2·subsets·size²·d multiply-adds (100 × 1000² × 2048 ≈ 4·10¹¹ at Inception scale,
 * minutes in plain JS at ~1 GFLOP/s); pass fewer `subsets` for a quick look.
 */
export interface KidOptions {
  subsets?: number;
  /** Default kidSubsetSize(real rows, fake rows). */
  subsetSize?: number;
  seed?: number;
}

export interface KidResult {
  mean: number;
  std: number;
  subsets: number;
  subsetSize: number;
  /** In words: how the subsets were chosen and what the ± means. */
  subsetRule: string;
}

/** The standard KID subset size (Bińkowski et al., torch-fidelity, clean-fid). */
export const KID_STANDARD_SUBSET = 1000;

/**
 * Rows per subset for sets of `nReal` and `nFake` rows: min(cap, ⌊smaller / 2⌋), at least 2. Equal
 * to the standard 1000 whenever the smaller set has 2000 or more rows.
 */
export function kidSubsetSize(nReal: number, nFake: number, cap = KID_STANDARD_SUBSET): number {
  return Math.max(2, Math.min(cap, Math.floor(Math.min(nReal, nFake) / 2)));
}

/** What a KID's ± means, given its subset size and the two set sizes. */
export function kidSubsetRule(size: number, nReal: number, nFake: number): string {
  const smaller = Math.min(nReal, nFake);
  const spread = 'the ± is the spread of KID over the subsets';
  if (size >= Math.max(nReal, nFake))
    return `every subset is the whole of both sets: no error bar (± 0)`;
  if (size >= smaller)
    return `every subset is the whole ${nReal <= nFake ? 'real' : 'generated'} set (${smaller}): the ± shows only the other set's variation`;
  if (size === KID_STANDARD_SUBSET) return `standard subsets of ${size} per side; ${spread}`;
  if (size === Math.floor(smaller / 2))
    return `subsets of half the smaller set (${size} of ${smaller}), fewer than 2000 samples; ${spread}`;
  return `subsets of ${size} per side (smaller set ${smaller}); ${spread}`;
}

export function kernelInceptionDistance(
  real: FeatureMatrix,
  fake: FeatureMatrix,
  options: KidOptions = {},
): KidResult {
  if (real.dim !== fake.dim)
    throw new StudioError('BAD_REQUEST', `Feature dimensions differ (${real.dim} vs ${fake.dim}).`);
  const subsets = options.subsets ?? 100;
  const size = options.subsetSize ?? kidSubsetSize(real.rows, fake.rows);
  if (size < 2 || size > real.rows || size > fake.rows) {
    throw new StudioError(
      'BAD_REQUEST',
      `A KID subset of ${size} needs 2 ≤ size ≤ ${Math.min(real.rows, fake.rows)} (the smaller set).`,
    );
  }
  const rng = createRng(options.seed ?? 0);
  const values: number[] = [];
  for (let s = 0; s < subsets; s++) {
    const x = pickRows(real, sampleIndices(rng, real.rows, size));
    const y = pickRows(fake, sampleIndices(rng, fake.rows, size));
    values.push(unbiasedMmd2(x, y));
  }
  const mean = values.reduce((a, b) => a + b, 0) / subsets;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / subsets);
  return {
    mean,
    std,
    subsets,
    subsetSize: size,
    subsetRule: kidSubsetRule(size, real.rows, fake.rows),
  };
}

/**
 * `size` distinct indices from 0..n-1: a partial Fisher–Yates shuffle of [0, 1, …, n-1] where step
 * i swaps position i with i + floor(u · (n - i)), u = nextUint32() / 2³². Returns positions 0..size-1.
 */
export function sampleIndices(rng: Rng, n: number, size: number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor((rng.nextUint32() / 4294967296) * (n - i));
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx.slice(0, size);
}

/** Unbiased MMD² of two equal-size samples: off-diagonal kernel means within, minus 2× across. */
export function unbiasedMmd2(x: FeatureMatrix, y: FeatureMatrix): number {
  const m = x.rows;
  const kxx = kernelSum(x, x, true);
  const kyy = kernelSum(y, y, true);
  const kxy = kernelSum(x, y, false);
  return (kxx + kyy) / (m * (m - 1)) - (2 * kxy) / (m * m);
}

/** Σ k(xᵢ, yⱼ) over all pairs, or over i ≠ j when the two are the same sample. */
function kernelSum(x: FeatureMatrix, y: FeatureMatrix, same: boolean): number {
  const dots = new Float64Array(x.rows * y.rows);
  rowDots(x.data, x.rows, y.data, y.rows, x.dim, dots, { lower: same });
  const inv = 1 / x.dim;
  let total = 0;
  for (let i = 0; i < x.rows; i++) {
    const jEnd = same ? i : y.rows; // strictly below the diagonal; doubled for symmetry
    for (let j = 0; j < jEnd; j++) total += (dots[i * y.rows + j]! * inv + 1) ** 3;
  }
  return same ? 2 * total : total;
}
