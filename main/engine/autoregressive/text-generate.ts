import { createRng } from '../latent/prng';

/**
 * Generation from a prompt, one token at a time. The model reads a fixed context of T tokens:
 * the prompt (its last T tokens) is placed from position 0, the rest padded with token 0, and the
 * logits at the last real position give the next token — causal attention means the padding is
 * never seen. Once the text is longer than T the window slides. Every step recomputes the window
 * (no key/value cache): at the context lengths trained here that is fast enough, which the bench
 * measures (tokens per second).
 *
 * Sampling: logits / temperature → softmax (float64) → keep the top-k most likely (k = 0: all)
 * → keep the smallest set whose probability reaches top-p → renormalise → the token where the
 * cumulative probability passes u, with u the seed's PRNG draws (latent/prng.ts) one per token.
 * Temperature 0 is greedy. The same seed and settings give the same text in every shell.
 */
export type TokenLogits = (ids: Int32Array, n: number) => Promise<Float32Array>;

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

export async function generateTokens(r: GenerateRequest): Promise<number[]> {
  const rng = createRng(r.seed >>> 0);
  const history = r.prompt.length > 0 ? Array.from(r.prompt) : [r.startToken];
  const out: number[] = [];
  const window = new Int32Array(r.context);
  for (let i = 0; i < r.maxTokens; i++) {
    r.beforeStep?.();
    const seen = history.slice(-r.context);
    window.fill(0);
    window.set(seen);
    const logits = await r.logits(window, 1);
    const token = chooseToken(logits, (seen.length - 1) * r.vocab, r.vocab, r, rng.nextFloat());
    history.push(token);
    out.push(token);
    await r.onToken?.(token, i);
  }
  return out;
}
