import { createRng } from '../latent/prng';

/**
 * Generation from a prompt, one token at a time. The model reads at most T tokens (its context,
 * one learnt position embedding per slot), so the text is read through a window [start, length)
 * of at most T tokens that starts at position 0. Two ways compute the same logits:
 *
 * - Recompute (`logits`): every step runs the window, padded to T with token 0 (causal attention
 *   means padding is never seen) and reads the logits at its last real position.
 * - Key/value cache (`cache`, text-kv-cache.ts): the window is encoded once (`prefill`), then each
 *   new token is one position run against the cached keys and values of the ones before (`step`).
 *
 * When the window is full (length − start would pass T), it does not slide by one: the cache holds
 * keys and values computed at absolute positions (the position embedding enters the residual
 * stream of every layer), so shifting it would not be what the model computes for the shifted
 * text, and re-encoding the last T tokens at every step would give back the whole gain of the
 * cache. Instead the window restarts on the last T − ⌊T/4⌋ tokens (`windowStart`), re-encoded
 * once, and the next ⌊T/4⌋ tokens are cheap steps again: every token still reads at least 3/4 of
 * the context. Both ways use the same windows, so they give the same tokens for the same seed
 * (test/autoregressive/kv-cache.test.ts).
 *
 * Sampling: logits / temperature → softmax (float64) → keep the top-k most likely (k = 0: all)
 * → keep the smallest set whose probability reaches top-p → renormalise → the token where the
 * cumulative probability passes u, with u the seed's PRNG draws (latent/prng.ts) one per token.
 * Temperature 0 is greedy. The same seed and settings give the same text in every shell.
 */
export type TokenLogits = (ids: Int32Array, n: number) => Promise<Float32Array>;

/** An incremental decoder: a window's keys and values kept between steps (one sequence). */
export interface TokenCache {
  /** Forgets the cache, encodes ids at positions 0 … k−1; the logits [V] of the last one. */
  prefill(ids: Int32Array): Promise<Float32Array>;
  /** Appends one token at the next position; its logits [V]. */
  step(token: number): Promise<Float32Array>;
}

export interface SamplingSettings {
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
}

export interface GenerateRequest extends SamplingSettings {
  context: number;
  vocab: number;
  logits: TokenLogits;
  /** When given, generation runs on the key/value cache (same tokens, less work per token). */
  cache?: TokenCache;
  prompt: Int32Array;
  /** Used when the prompt is empty (e.g. the newline token). */
  startToken: number;
  maxTokens: number;
  beforeStep?: () => void;
  onToken?: (token: number, index: number) => void | Promise<void>;
}

/** The token chosen from one row of logits with uniform u. */
export function chooseToken(
  logits: Float32Array,
  at: number,
  vocab: number,
  s: Omit<SamplingSettings, 'seed'>,
  u: number,
): number {
  const order = Array.from({ length: vocab }, (_, k) => k).sort(
    (a, b) => logits[at + b]! - logits[at + a]! || a - b,
  );
  if (s.temperature <= 0) return order[0]!;
  const max = logits[at + order[0]!]!;
  const keep = s.topK > 0 ? Math.min(vocab, s.topK) : vocab;
  const p = order.slice(0, keep).map((k) => Math.exp((logits[at + k]! - max) / s.temperature));
  const total = p.reduce((a, b) => a + b, 0);
  let cut = p.length;
  if (s.topP < 1) {
    let acc = 0;
    for (let i = 0; i < p.length; i++) {
      acc += p[i]! / total;
      if (acc >= s.topP) {
        cut = i + 1;
        break;
      }
    }
  }
  const kept = p.slice(0, cut);
  const sum = kept.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let i = 0; i < kept.length; i++) {
    acc += kept[i]!;
    if (acc > u * sum) return order[i]!;
  }
  return order[kept.length - 1]!;
}

/**
 * Where the window starts for a text of `length` tokens, given where it started before: the same
 * start while the window fits the context, else the last `context − ⌊context/4⌋` tokens.
 */
export function windowStart(start: number, length: number, context: number): number {
  if (length - start <= context) return start;
  return length - (context - Math.max(1, Math.floor(context / 4)));
}

export async function generateTokens(r: GenerateRequest): Promise<number[]> {
  const rng = createRng(r.seed >>> 0);
  const history = r.prompt.length > 0 ? Array.from(r.prompt) : [r.startToken];
  const out: number[] = [];
  const window = new Int32Array(r.context);
  let start = -1;
  for (let i = 0; i < r.maxTokens; i++) {
    r.beforeStep?.();
    const next = windowStart(Math.max(0, start), history.length, r.context);
    let logits: Float32Array;
    let at = 0;
    if (r.cache && next === start) logits = await r.cache.step(history[history.length - 1]!);
    else if (r.cache) logits = await r.cache.prefill(Int32Array.from(history.slice(next)));
    else {
      const seen = history.slice(next);
      window.fill(0);
      window.set(seen);
      logits = await r.logits(window, 1);
      at = (seen.length - 1) * r.vocab;
    }
    start = next;
    const token = chooseToken(logits, at, r.vocab, r, rng.nextFloat());
    history.push(token);
    out.push(token);
    await r.onToken?.(token, i);
  }
  return out;
}
