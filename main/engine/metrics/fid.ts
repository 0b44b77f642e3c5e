import { StudioError } from '../../contract/channels';
import type { GaussianStats } from './gaussian-stats';
import { pivotedCholesky } from './pivoted-cholesky';
import { rowDots } from './row-dots';
import { symmetricEigenvalues } from './symmetric-eigen';

/**
 * Fréchet distance between two Gaussians (Heusel et al. 2017), the quantity pytorch-fid reports:
 *     ‖μ₁ - μ₂‖² + Tr(Σ₁) + Tr(Σ₂) - 2·Tr(√(Σ₁Σ₂)).
 *
 * Tr √(Σ₁Σ₂) is Σ √λ over the eigenvalues of Σ₁Σ₂. Those are real and ≥ 0 because Σ₁Σ₂ is similar
 * to the symmetric PSD matrix Lᵀ·Σ₂·L for ANY factor Σ₁ = L·Lᵀ. We take L from a pivoted Cholesky
 * rather than √Σ₁ from an eigendecomposition: same eigenvalues, about a third of the work (no
 * eigenvectors), and a singular Σ₁ simply yields a thinner L — so no ε·I fudge is needed; the
 * result is the exact limit pytorch-fid approaches with its ε. Tiny negative eigenvalues from
 * rounding are clamped to 0 (pytorch-fid drops the matching imaginary parts).
 */
export function frechetDistance(a: GaussianStats, b: GaussianStats): number {
  const d = a.mu.length;
  if (b.mu.length !== d || a.sigma.length !== d * d || b.sigma.length !== d * d) {
    throw new StudioError(
      'BAD_REQUEST',
      `The two statistics have different dimensions (${a.mu.length} and ${b.mu.length}); they must come from the same feature extractor.`,
    );
  }
  let meanTerm = 0;
  let traces = 0;
  for (let i = 0; i < d; i++) {
    const diff = a.mu[i]! - b.mu[i]!;
    meanTerm += diff * diff;
    traces += a.sigma[i * d + i]! + b.sigma[i * d + i]!;
  }
  return meanTerm + traces - 2 * traceSqrtProduct(a.sigma, b.sigma, d);
}

/** Tr √(S₁S₂) for symmetric PSD S₁, S₂ (d × d, row-major). */
export function traceSqrtProduct(s1: Float64Array, s2: Float64Array, d: number): number {
  const { lt, rank: r, perm } = pivotedCholesky(s1, d);
  if (r === 0) return 0;
  // S₂ in the pivot order of L, so that Lᵀ stays triangular and rowDots can skip its zeros.
  const s2p = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const src = perm[i]! * d;
    for (let j = 0; j < d; j++) s2p[i * d + j] = s2[src + perm[j]!]!;
  }
  const ct = new Float64Array(r * d);
  rowDots(lt, r, s2p, d, d, ct, { aTriangular: true }); // (S₂L)ᵀ = Lᵀ S₂
  const m = new Float64Array(r * r);
  rowDots(lt, r, ct, r, d, m, { aTriangular: true, lower: true }); // Lᵀ S₂ L
  let sum = 0;
  for (const lambda of symmetricEigenvalues(m, r)) sum += Math.sqrt(Math.max(0, lambda));
  return sum;
}
