import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { BleuReport } from '../../contract/autoregressive-schemas';
import { StudioError } from '../../contract/channels';
import { corpusBleu, type BleuSmoothing } from '../metrics/bleu';
import type { BleuTokenizer } from '../metrics/bleu-tokenize';
import { addNll, bits, tokenNllSum, type NllSum } from './likelihood';
import type { TextModel } from './onnx-models';
import { TEXT_EXTENSIONS } from './text-corpus';
import type { SamplingSettings } from './text-generate';

/**
 * A text model judged on text it never saw (the run's <out>/heldout/ passages, or any folder or
 * file of .txt/.md):
 *
 * - Likelihood: each passage is cut into windows of the model's context; the logits at position p
 *   predict character p + 1, so a window of T + 1 characters scores T of them. The first character
 *   of a passage has nothing before it and is not scored. bits/char = mean −log₂ p; perplexity per
 *   character = 2^(bits/char).
 * - BLEU: the first `promptChars` characters of each passage are the prompt, the next
 *   `continuationChars` the reference; the model continues the prompt with that many characters
 *   (passage i with seed + i, so the whole score is reproducible) and corpus BLEU compares the
 *   continuations with the references (whitespace runs collapsed to one space: one segment each).
 */
export async function readHeldOut(source: string): Promise<string[]> {
  const info = await stat(source).catch(() => null);
  if (!info) throw new StudioError('NOT_FOUND', `No such file or folder: ${source}`);
  const files = info.isDirectory()
    ? (await readdir(source))
        .filter((n) => TEXT_EXTENSIONS.includes(extname(n).toLowerCase()) && !n.startsWith('.'))
        .sort()
        .map((n) => join(source, n))
    : [source];
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  const passages = texts.filter((t) => t.length > 1);
  if (passages.length === 0)
    throw new StudioError('BAD_REQUEST', `${source} holds no .txt or .md text to evaluate on.`);
  return passages;
}

export interface TextNll {
  bitsPerChar: number;
  perplexity: number;
  /** Characters scored. */
  chars: number;
  passages: number;
}

const BATCH = 8;

export async function textNll(model: TextModel, passages: readonly string[]): Promise<TextNll> {
  const t = model.context;
  const v = model.vocab.tokens.length;
  const windows: Int32Array[] = [];
  for (const passage of passages) {
    const ids = model.vocab.encode(passage);
    for (let start = 0; start + 1 < ids.length; start += t)
      windows.push(ids.subarray(start, Math.min(ids.length, start + t + 1)));
  }
  let sum: NllSum = { nats: 0, count: 0 };
  for (let b = 0; b < windows.length; b += BATCH) {
    const group = windows.slice(b, b + BATCH);
    const input = new Int32Array(group.length * t);
    group.forEach((w, i) => input.set(w.subarray(0, Math.min(t, w.length - 1)), i * t));
    const logits = await model.logits(input, group.length);
    group.forEach((w, i) => {
      const scored = w.length - 1;
      const rows = logits.subarray(i * t * v, (i * t + scored) * v);
      sum = addNll(sum, tokenNllSum(rows, w.subarray(1), 1, scored, v));
    });
  }
  const bitsPerChar = bits(sum);
  return {
    bitsPerChar,
    perplexity: 2 ** bitsPerChar,
    chars: sum.count,
    passages: passages.length,
  };
}

export interface HeldOutBleuOptions {
  promptChars: number;
  continuationChars: number;
  sampling: SamplingSettings;
  tokenize: BleuTokenizer;
  smooth: BleuSmoothing;
  /** At most this many passages (the first ones, in file order). */
  maxPassages: number;
  /** Examples kept in the report. */
  examples?: number;
  beforeStep?: () => void;
  onPassage?: (done: number, total: number) => void;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

export async function heldOutBleu(
  model: TextModel,
  passages: readonly string[],
  o: HeldOutBleuOptions,
): Promise<BleuReport> {
  const usable = passages
    .map((p) => Array.from(p))
    .filter((chars) => chars.length >= o.promptChars + 1)
    .slice(0, o.maxPassages);
  if (usable.length === 0)
    throw new StudioError(
      'BAD_REQUEST',
      `No held-out passage is longer than the ${o.promptChars}-character prompt.`,
    );
  const prompts: string[] = [];
  const references: string[] = [];
  const generated: string[] = [];
  for (const [i, chars] of usable.entries()) {
    const prompt = chars.slice(0, o.promptChars).join('');
    const reference = chars.slice(o.promptChars, o.promptChars + o.continuationChars).join('');
    const out = await model.generate(
      prompt,
      { ...o.sampling, seed: (o.sampling.seed + i) >>> 0, maxTokens: Array.from(reference).length },
      o.beforeStep ? { beforeStep: o.beforeStep } : {},
    );
    prompts.push(prompt);
    references.push(reference);
    generated.push(out.text);
    o.onPassage?.(i + 1, usable.length);
  }
  const r = corpusBleu(generated.map(oneLine), [references.map(oneLine)], {
    smooth: o.smooth,
    tokenize: o.tokenize,
  });
  return {
    ...r,
    tokenize: o.tokenize,
    smooth: o.smooth,
    passages: usable.length,
    promptChars: o.promptChars,
    continuationChars: o.continuationChars,
    sampling: { ...o.sampling },
    examples: prompts
      .slice(0, o.examples ?? 3)
      .map((prompt, i) => ({ prompt, reference: references[i]!, generated: generated[i]! })),
  };
}
