/**
 * The text model's vocabulary: characters (Unicode code points) learnt from the training folder.
 * Token 0 is "unknown" (shown as U+FFFD); tokens 1.. are the folder's characters, most frequent
 * first (ties by code point), at most MAX_VOCAB in all. One token is one character, so the
 * model's loss per token in bits is its bits per character. The vocabulary travels inside the
 * model's manifest, so generation and evaluation tokenise exactly as training did.
 */
export const MAX_VOCAB = 256;
export const UNKNOWN = '\uFFFD';

export interface CharVocab {
  /** tokens[i] is the character of token i (tokens[0] = UNKNOWN). */
  readonly tokens: readonly string[];
  encode(text: string): Int32Array;
  decode(ids: ArrayLike<number>): string;
}

export function vocabFromTokens(tokens: readonly string[]): CharVocab {
  if (tokens[0] !== UNKNOWN) throw new Error('A vocabulary starts with the unknown token U+FFFD.');
  const index = new Map(tokens.map((t, i) => [t, i]));
  return {
    tokens,
    encode(text) {
      const chars = Array.from(text);
      return Int32Array.from(chars, (c) => index.get(c) ?? 0);
    },
    decode: (ids) => Array.from(ids, (i) => tokens[i] ?? UNKNOWN).join(''),
  };
}

/** The vocabulary of a corpus: its characters by frequency, rare ones beyond MAX_VOCAB − 1 unknown. */
export function learnVocab(texts: readonly string[], max = MAX_VOCAB): CharVocab {
  const counts = new Map<string, number>();
  for (const text of texts) for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  counts.delete(UNKNOWN);
  const chars = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].codePointAt(0)! - b[0].codePointAt(0)!)
    .slice(0, max - 1)
    .map(([c]) => c);
  return vocabFromTokens([UNKNOWN, ...chars]);
}
