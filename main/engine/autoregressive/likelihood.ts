/**
 * Negative log-likelihood arithmetic shared by training probes and `eval nll`, in float64.
 *
 * Images: logits [n, C·L, H, W] (channel c·L + k is colour c, level k) and the true levels
 * [n, C, H, W] (bytes). Bits per dimension = mean over every sub-pixel of −log₂ softmax(logits)
 * at the true level — the figure PixelCNN papers report (e.g. ≈ 3.0 on CIFAR-10), with a
 * dimension being one 8-bit sub-pixel.
 *
 * Text: logits [n, T, V] at positions 0..T−1 and the next tokens [n, T]: bits per character =
 * mean −log₂ p(next token); one token is one character.
 */
export interface NllSum {
  /** Σ −ln p over the elements, and how many there were. */
  nats: number;
  count: number;
}

export function addNll(a: NllSum, b: NllSum): NllSum {
  return { nats: a.nats + b.nats, count: a.count + b.count };
}

export const bits = (s: NllSum): number =>
  s.count === 0 ? Number.NaN : s.nats / s.count / Math.LN2;

/** −ln softmax(row)[target] for one row of `size` logits starting at `at` with stride `stride`. */
function rowNll(
  logits: Float32Array,
  at: number,
  stride: number,
  size: number,
  target: number,
): number {
  let max = -Infinity;
  for (let k = 0; k < size; k++) max = Math.max(max, logits[at + k * stride]!);
  let sum = 0;
  for (let k = 0; k < size; k++) sum += Math.exp(logits[at + k * stride]! - max);
  return Math.log(sum) + max - logits[at + target * stride]!;
}

export function pixelNllSum(
  logits: Float32Array,
  levels: Uint8Array,
  n: number,
  channels: number,
  hw: number,
  levelCount = 256,
): NllSum {
  let nats = 0;
  for (let i = 0; i < n; i++)
    for (let c = 0; c < channels; c++)
      for (let p = 0; p < hw; p++) {
        const at = (i * channels + c) * levelCount * hw + p;
        nats += rowNll(logits, at, hw, levelCount, levels[(i * channels + c) * hw + p]!);
      }
  return { nats, count: n * channels * hw };
}

export function tokenNllSum(
  logits: Float32Array,
  next: ArrayLike<number>,
  n: number,
  t: number,
  vocab: number,
  from = 0,
): NllSum {
  let nats = 0;
  for (let i = 0; i < n; i++)
    for (let p = from; p < t; p++)
      nats += rowNll(logits, (i * t + p) * vocab, 1, vocab, next[i * t + p]!);
  return { nats, count: n * (t - from) };
}
