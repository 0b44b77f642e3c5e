import { StudioError } from '../../contract/channels';
import { rowNorms, type FeatureMatrix } from './features';
import { rowDots } from './row-dots';

/**
 * k-NN manifold metrics on features:
 * - precision / recall (Kynkäänniemi et al. 2019, k = 3): the share of fake samples inside the
 *   real manifold (the union of balls reaching each real sample's k-th nearest real neighbour), and
 *   the share of real samples inside the fake manifold;
 * - density / coverage (Naeem et al. 2020, k = 5): how many real balls hold each fake sample, / k,
 *   averaged; and the share of real balls that hold at least one fake sample.
 * Conventions follow the authors' `prdc` package: k-th neighbour excluding the point itself,
 * strict "<" against the radius. Distances are compared squared (same order, no sqrt).
 *
 * Pairwise distances come in batches of rows (‖a‖² + ‖b‖² - 2a·b via rowDots) so memory stays at
 * BATCH × N however large the sets are. Cost ≈ (N² + NM + M²)·d multiply-adds: minutes at 10k × 2048.
 */
export interface ManifoldOptions {
  kPrecisionRecall?: number;
  kDensityCoverage?: number;
}

export interface ManifoldResult {
  precision: number;
  recall: number;
  density: number;
  coverage: number;
}

const BATCH = 256;

export function manifoldMetrics(
  real: FeatureMatrix,
  fake: FeatureMatrix,
  options: ManifoldOptions = {},
): ManifoldResult {
  const kPr = options.kPrecisionRecall ?? 3;
  const kDc = options.kDensityCoverage ?? 5;
  if (real.dim !== fake.dim)
    throw new StudioError('BAD_REQUEST', `Feature dimensions differ (${real.dim} vs ${fake.dim}).`);
  const kMax = Math.max(kPr, kDc);
  if (real.rows <= kMax || fake.rows <= kMax) {
    throw new StudioError(
      'BAD_REQUEST',
      `Precision/recall with k = ${kMax} needs more than ${kMax} samples in each set.`,
    );
  }
  const realKnn = kthNeighbourDistances(real, [kPr, kDc]);
  const fakeKnn = kthNeighbourDistances(fake, [kPr]);
  const rPr = realKnn[0]!;
  const rDc = realKnn[1]!;
  const fPr = fakeKnn[0]!;
  const fakeInReal = new Uint8Array(fake.rows);
  const realInFake = new Uint8Array(real.rows);
  const ballsHolding = new Float64Array(fake.rows);
  let covered = 0;
  forEachDistanceRow(real, fake, (i, d2) => {
    let nearest = Infinity;
    for (let j = 0; j < fake.rows; j++) {
      const v = d2[j]!;
      if (v < rPr[i]!) fakeInReal[j] = 1;
      if (v < fPr[j]!) realInFake[i] = 1;
      if (v < rDc[i]!) ballsHolding[j]! += 1;
      if (v < nearest) nearest = v;
    }
    if (nearest < rDc[i]!) covered++;
  });
  const mean = (a: Uint8Array | Float64Array) => {
    let s = 0;
    for (const v of a) s += v;
    return s / a.length;
  };
  return {
    precision: mean(fakeInReal),
    recall: mean(realInFake),
    density: mean(ballsHolding) / kDc,
    coverage: covered / real.rows,
  };
}

/** Squared distance from each row to its k-th nearest OTHER row, for each k asked. */
export function kthNeighbourDistances(m: FeatureMatrix, ks: number[]): Float64Array[] {
  const kMax = Math.max(...ks);
  const out = ks.map(() => new Float64Array(m.rows));
  const best = new Float64Array(kMax);
  forEachDistanceRow(m, m, (i, d2) => {
    best.fill(Infinity);
    for (let j = 0; j < m.rows; j++) {
      const v = d2[j]!;
      if (j === i || v >= best[kMax - 1]!) continue;
      let p = kMax - 1; // insertion into the sorted k smallest
      while (p > 0 && best[p - 1]! > v) {
        best[p] = best[p - 1]!;
        p--;
      }
      best[p] = v;
    }
    ks.forEach((k, t) => (out[t]![i] = best[k - 1]!));
  });
  return out;
}

/** Calls visit(i, squared distances from row i of a to every row of b), batch by batch. */
function forEachDistanceRow(
  a: FeatureMatrix,
  b: FeatureMatrix,
  visit: (i: number, d2: Float64Array) => void,
): void {
  const na = rowNorms(a);
  const nb = rowNorms(b);
  const dots = new Float64Array(Math.min(BATCH, a.rows) * b.rows);
  for (let i0 = 0; i0 < a.rows; i0 += BATCH) {
    const rows = Math.min(BATCH, a.rows - i0);
    rowDots(a.data.subarray(i0 * a.dim, (i0 + rows) * a.dim), rows, b.data, b.rows, a.dim, dots);
    for (let r = 0; r < rows; r++) {
      const d2 = dots.subarray(r * b.rows, (r + 1) * b.rows);
      const ni = na[i0 + r]!;
      for (let j = 0; j < b.rows; j++) d2[j] = Math.max(0, ni + nb[j]! - 2 * d2[j]!);
      visit(i0 + r, d2);
    }
  }
}
