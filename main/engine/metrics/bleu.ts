import { StudioError } from '../../contract/channels';
import { tokenizer, type BleuTokenizer } from './bleu-tokenize';

/**
 * Corpus BLEU (Papineni et al. 2002): geometric mean of clipped 1–4-gram precisions × brevity
 * penalty, using the closest reference length per sentence (ties → the shorter), references merged
 * by max count per n-gram. SCALE: 0–1 throughout (NLTK's scale; sacreBLEU prints ×100).
 *
 * Two reference implementations disagree in small ways, and each smoothing follows its origin:
 * - 'none', 'epsilon' = NLTK corpus_bleu with SmoothingFunction().method0 / method1: a sentence
 *   shorter than n still adds 1 to the n-gram denominator (NLTK's max(1, count)); BLEU is 0 when no
 *   unigram matches; with 'none' a zero n-gram precision is replaced by 2.2e-308 (a tiny, not zero,
 *   score, as NLTK); 'epsilon' uses (0 + ε)/denominator, ε = smoothValue ?? 0.1.
 * - 'exp' (sacreBLEU's default, mteval's NIST smoothing), 'floor' (ε/total, default 0.1), 'add-k'
 *   (k added to matches and totals for n ≥ 2, default 1) = sacreBLEU's compute_bleu: true n-gram
 *   totals, and an order with no n-grams at all makes the score 0.
 * `precisions` are the values that enter the mean (NLTK's 2.2e-308 stand-in is reported as 0).
 */
export type BleuSmoothing = 'none' | 'epsilon' | 'exp' | 'floor' | 'add-k';

export interface BleuOptions {
  smooth?: BleuSmoothing;
  smoothValue?: number;
  tokenize?: BleuTokenizer;
}

export interface BleuResult {
  bleu: number;
  precisions: number[];
  brevityPenalty: number;
  hypLen: number;
  refLen: number;
}

const N = 4;
/** Python's sys.float_info.min: NLTK method0's stand-in for a zero precision. */
const FLOAT_MIN = 2.2250738585072014e-308;

/** hypotheses[i] is scored against references[r][i] for every reference stream r. */
export function corpusBleu(
  hypotheses: string[],
  references: string[][],
  options: BleuOptions = {},
): BleuResult {
  const smooth = options.smooth ?? 'exp';
  const tok = tokenizer(options.tokenize ?? '13a');
  if (references.length === 0)
    throw new StudioError('BAD_REQUEST', 'BLEU needs at least one reference.');
  for (const stream of references) {
    if (stream.length !== hypotheses.length) {
      throw new StudioError(
        'BAD_REQUEST',
        `Every reference needs one line per hypothesis: ${hypotheses.length} hypotheses, ${stream.length} references.`,
      );
    }
  }
  const nltk = smooth === 'none' || smooth === 'epsilon';
  const matches = new Array<number>(N).fill(0);
  const totals = new Array<number>(N).fill(0);
  let hypLen = 0;
  let refLen = 0;
  hypotheses.forEach((line, i) => {
    const hyp = tok(line);
    const refs = references.map((stream) => tok(stream[i]!));
    hypLen += hyp.length;
    refLen += closestLength(
      refs.map((r) => r.length),
      hyp.length,
    );
    for (let n = 1; n <= N; n++) {
      const maxRef = new Map<string, number>();
      for (const ref of refs)
        for (const [g, c] of ngrams(ref, n)) maxRef.set(g, Math.max(maxRef.get(g) ?? 0, c));
      let count = 0;
      for (const [g, c] of ngrams(hyp, n)) {
        matches[n - 1]! += Math.min(c, maxRef.get(g) ?? 0);
        count += c;
      }
      totals[n - 1]! += nltk ? Math.max(1, count) : count;
    }
  });
  const brevityPenalty = hypLen > refLen ? 1 : hypLen === 0 ? 0 : Math.exp(1 - refLen / hypLen);
  const base = { brevityPenalty, hypLen, refLen };
  const precisions = new Array<number>(N).fill(0);
  if (nltk ? matches[0] === 0 : matches.every((m) => m === 0))
    return { bleu: 0, precisions, ...base };
  const value = options.smoothValue;
  let logSum = 0;
  let expFactor = 1;
  for (let n = 0; n < N; n++) {
    let m = matches[n]!;
    let t = totals[n]!;
    if (smooth === 'add-k' && n > 0) {
      m += value ?? 1;
      t += value ?? 1;
    }
    if (t === 0) return { bleu: 0, precisions, ...base }; // sacreBLEU: log(0) → score 0
    if (m > 0) precisions[n] = m / t;
    else if (smooth === 'epsilon') precisions[n] = (value ?? 0.1) / t;
    else if (smooth === 'floor') precisions[n] = (value ?? 0.1) / t;
    else if (smooth === 'exp') precisions[n] = 1 / ((expFactor *= 2) * t);
    const p = precisions[n]!;
    // NLTK method0 keeps going with 2.2e-308; sacreBLEU's my_log(0) = -9999999999 zeroes the score.
    logSum += p > 0 ? Math.log(p) : smooth === 'none' ? Math.log(FLOAT_MIN) : -Infinity;
  }
  return { bleu: brevityPenalty * Math.exp(logSum / N), precisions, ...base };
}

function closestLength(lengths: number[], hypLen: number): number {
  let best = lengths[0]!;
  for (const l of lengths) {
    const d = Math.abs(l - hypLen);
    const bd = Math.abs(best - hypLen);
    if (d < bd || (d === bd && l < best)) best = l;
  }
  return best;
}

function ngrams(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join(' ');
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}
