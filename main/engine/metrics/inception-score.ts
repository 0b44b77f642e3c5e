import { StudioError } from '../../contract/channels';

/**
 * Inception Score (Salimans et al. 2016) from an N × C matrix of class probabilities p(y|x), as the
 * original OpenAI code computes it: split the rows into `splits` consecutive parts (no shuffling),
 * score each part as exp(mean over x of KL(p(y|x) ‖ p(y))) with p(y) that part's mean, and report
 * the mean and population (ddof 0) standard deviation of the part scores. 0·log 0 counts as 0.
 */
export interface InceptionScore {
  mean: number;
  std: number;
}

export function inceptionScore(
  probs: ArrayLike<number>,
  classes: number,
  splits = 10,
): InceptionScore {
  const n = probs.length / classes;
  if (!Number.isInteger(n) || n < splits || splits < 1) {
    throw new StudioError(
      'BAD_REQUEST',
      `Inception score needs an N×${classes} matrix with N ≥ splits (${splits}).`,
    );
  }
  const scores: number[] = [];
  const marginal = new Float64Array(classes);
  for (let s = 0; s < splits; s++) {
    const r0 = Math.floor((s * n) / splits);
    const r1 = Math.floor(((s + 1) * n) / splits);
    marginal.fill(0);
    for (let r = r0; r < r1; r++)
      for (let c = 0; c < classes; c++) marginal[c]! += probs[r * classes + c]!;
    for (let c = 0; c < classes; c++) marginal[c]! /= r1 - r0;
    let kl = 0;
    for (let r = r0; r < r1; r++) {
      for (let c = 0; c < classes; c++) {
        const p = probs[r * classes + c]!;
        if (p > 0) kl += p * (Math.log(p) - Math.log(marginal[c]!));
      }
    }
    scores.push(Math.exp(kl / (r1 - r0)));
  }
  const mean = scores.reduce((a, b) => a + b, 0) / splits;
  const std = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / splits);
  return { mean, std };
}
