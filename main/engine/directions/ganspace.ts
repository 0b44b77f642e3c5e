import { topEigen } from './top-eigen';

export interface LatentDirection {
  component: number;
  /** The latent step for one standard deviation along the feature component. */
  vector: Float32Array;
  /** Share of the total feature variance this component explains. */
  explained: number;
  /** Standard deviation of the samples' coordinate along the component (feature units). */
  sigma: number;
}

/**
 * GANSpace (Härkönen et al. 2020, §3.1) for any generator:
 *
 * 1. N latents z_i and their features y_i = F(G(z)) (an early activation, or image features).
 * 2. PCA of the centred features Y: principal axes v_k, coordinates x_ik = (y_i − ȳ)·v_k, variance
 *    σ_k² = λ_k / N.
 * 3. Back to latent space by least squares, as GANSpace does for BigGAN: the latent basis U
 *    minimising Σ‖U x_i − (z_i − z̄)‖². PCA coordinates are uncorrelated, so column k is exactly
 *    u_k = Zᵀx_k / (x_kᵀx_k), and one standard deviation along k is σ_k·u_k = Zᵀx_k / √(N λ_k).
 *
 * Computed through the smaller of the feature covariance (D×D) and the sample Gram matrix (N×N);
 * both give the same coordinates x_k. Limits: the directions are linear and global (one vector
 * for every image), found from N samples (more samples, steadier directions), and they mix
 * whatever the features vary by; naming them is the user's job.
 */
export function ganspaceDirections(
  latents: Float32Array[],
  features: Float64Array[],
  count: number,
  seed: number,
): LatentDirection[] {
  const n = latents.length;
  const d = latents[0]!.length;
  const f = features[0]!.length;
  const yc = centre(features);
  const zc = centre(latents.map((z) => Float64Array.from(z)));
  const useGram = n <= f;
  const m = useGram ? n : f;
  const matrix = new Float64Array(m * m);
  if (useGram) {
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        const s = dotRows(yc[i]!, yc[j]!);
        matrix[i * m + j] = s;
        matrix[j * m + i] = s;
      }
  } else {
    for (const row of yc)
      for (let a = 0; a < f; a++) {
        const ra = row[a]!;
        if (ra === 0) continue;
        for (let b = 0; b <= a; b++) matrix[a * m + b] = matrix[a * m + b]! + ra * row[b]!;
      }
    for (let a = 0; a < f; a++) for (let b = 0; b < a; b++) matrix[b * m + a] = matrix[a * m + b]!;
  }
  let trace = 0;
  for (let i = 0; i < m; i++) trace += matrix[i * m + i]!;
  const { values, vectors } = topEigen(matrix, m, Math.min(count, m), seed);
  return vectors.map((vec, k) => {
    const lambda = values[k]!;
    // Coordinates of every sample along component k.
    const x = useGram
      ? Float64Array.from(vec, (a) => a * Math.sqrt(lambda)) // Gram eigvec a: x = Y Yᵀ a / √λ = √λ·a
      : Float64Array.from(yc, (row) => dotRows(row, vec));
    const vector = new Float64Array(d);
    if (lambda > 1e-12) {
      const scale = 1 / Math.sqrt(n * lambda);
      for (let i = 0; i < n; i++) {
        const w = x[i]! * scale;
        const z = zc[i]!;
        for (let c = 0; c < d; c++) vector[c] = vector[c]! + w * z[c]!;
      }
    }
    return {
      component: k,
      vector: Float32Array.from(vector),
      explained: trace > 0 ? lambda / trace : 0,
      sigma: Math.sqrt(lambda / n),
    };
  });
}

function centre(rows: Float64Array[]): Float64Array[] {
  const dim = rows[0]!.length;
  const mean = new Float64Array(dim);
  for (const r of rows) for (let c = 0; c < dim; c++) mean[c] = mean[c]! + r[c]! / rows.length;
  return rows.map((r) => Float64Array.from(r, (x, c) => x - mean[c]!));
}

function dotRows(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
