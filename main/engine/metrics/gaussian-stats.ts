import { StudioError } from '../../contract/channels';
import { mirrorLower, rowDots } from './row-dots';

/** Mean and covariance of a feature distribution: what FID compares (pytorch-fid's mu, sigma). */
export interface GaussianStats {
  mu: Float64Array;
  /** d × d, row-major, symmetric. */
  sigma: Float64Array;
  /** How many samples produced them, when known. */
  n?: number | null;
}

const CHUNK_ROWS = 256;

/**
 * Streaming mean and unbiased covariance (numpy.cov(x, rowvar=False)) of N×d features fed in
 * chunks of whole rows, so 10k × 2048 never needs the N×d matrix in memory at once.
 *
 * Accumulates Σx and XᵀX in float64 on features SHIFTED by the first chunk's mean: the textbook
 * (XᵀX - N·μμᵀ)/(N-1) loses digits to cancellation when |μ| ≫ σ, and shifting by any value near μ
 * removes that without a second pass. Each chunk is transposed so XᵀX is a rowDots Gram update.
 */
export class GaussianAccumulator {
  private readonly sum: Float64Array;
  private readonly gram: Float64Array;
  private shift: Float64Array | null = null;
  private count = 0;

  constructor(readonly dim: number) {
    this.sum = new Float64Array(dim);
    this.gram = new Float64Array(dim * dim);
  }

  /** Adds rows × dim features (row-major, float32 or float64). */
  add(features: ArrayLike<number>): void {
    const d = this.dim;
    if (features.length % d !== 0) {
      throw new StudioError(
        'BAD_REQUEST',
        `Feature data of length ${features.length} is not a whole number of ${d}-d rows.`,
      );
    }
    const rows = features.length / d;
    const xt = new Float64Array(d * Math.min(rows, CHUNK_ROWS));
    for (let r0 = 0; r0 < rows; r0 += CHUNK_ROWS) {
      const nb = Math.min(CHUNK_ROWS, rows - r0);
      this.shift ??= chunkMean(features, r0, nb, d);
      const shift = this.shift;
      for (let r = 0; r < nb; r++) {
        const src = (r0 + r) * d;
        for (let c = 0; c < d; c++) {
          const v = features[src + c]! - shift[c]!;
          xt[c * nb + r] = v;
          this.sum[c]! += v;
        }
      }
      rowDots(xt, d, xt, d, nb, this.gram, { lower: true, accumulate: true });
      this.count += nb;
    }
  }

  finish(): GaussianStats {
    const { dim: d, count: n } = this;
    if (n < 2)
      throw new StudioError('BAD_REQUEST', `A covariance needs at least 2 samples, got ${n}.`);
    const shift = this.shift!;
    const mu = new Float64Array(d);
    for (let c = 0; c < d; c++) mu[c] = shift[c]! + this.sum[c]! / n;
    const sigma = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) {
        sigma[i * d + j] = (this.gram[i * d + j]! - (this.sum[i]! * this.sum[j]!) / n) / (n - 1);
      }
    }
    mirrorLower(sigma, d);
    return { mu, sigma, n };
  }
}

function chunkMean(x: ArrayLike<number>, r0: number, rows: number, d: number): Float64Array {
  const m = new Float64Array(d);
  for (let r = 0; r < rows; r++) for (let c = 0; c < d; c++) m[c]! += x[(r0 + r) * d + c]!;
  for (let c = 0; c < d; c++) m[c]! /= rows;
  return m;
}

/** Statistics of an in-memory N×d feature matrix. */
export function gaussianStats(features: ArrayLike<number>, dim: number): GaussianStats {
  const acc = new GaussianAccumulator(dim);
  acc.add(features);
  return acc.finish();
}
