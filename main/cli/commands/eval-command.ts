import { readFile } from 'node:fs/promises';
import { StudioError } from '../../contract/channels';
import { corpusBleu, type BleuSmoothing } from '../../engine/metrics/bleu';
import type { BleuTokenizer } from '../../engine/metrics/bleu-tokenize';
import { openFeatureSource } from '../../engine/metrics/feature-source';
import { frechetDistance } from '../../engine/metrics/fid';
import { printResult, UsageError } from '../output';

export const EVAL_USAGE = `  eval bleu --hyp FILE --ref FILE [--ref FILE …] [--smooth exp|floor|add-k|none|epsilon]
            [--tokenize 13a|none] [--json]  corpus BLEU (0–1), one sentence per line
  eval fid --real A.npz --fake B.npz [--json]  FID from pytorch-fid statistics files`;

type Options = Record<string, string | string[] | boolean | undefined>;

const SMOOTHINGS: readonly BleuSmoothing[] = ['exp', 'floor', 'add-k', 'none', 'epsilon'];
const TOKENIZERS: readonly BleuTokenizer[] = ['13a', 'none'];

/**
 * `latent-studio eval bleu|fid …`. BLEU is on a 0–1 scale (sacreBLEU prints ×100); its defaults
 * (13a tokenizer, exp smoothing) are sacreBLEU's. FID reads pytorch-fid `--save-stats` files;
 * folders and models will arrive as other FeatureSources (main/engine/metrics/feature-source.ts).
 */
export async function evalCommand(
  sub: string | undefined,
  options: Options,
  json: boolean,
): Promise<void> {
  if (sub === 'bleu') return bleuCommand(options, json);
  if (sub === 'fid') return fidCommand(options, json);
  throw new UsageError(
    sub ? `Unknown eval metric "${sub}" (try bleu or fid)` : 'eval needs a metric: bleu or fid',
  );
}

async function bleuCommand(options: Options, json: boolean): Promise<void> {
  const hypFile = single(options, 'hyp');
  const refFiles = list(options.ref);
  if (refFiles.length === 0) throw new UsageError('eval bleu needs at least one --ref FILE');
  const smooth = choice(options.smooth, SMOOTHINGS, 'exp', 'smooth');
  const tokenize = choice(options.tokenize, TOKENIZERS, '13a', 'tokenize');
  const hyps = await readLines(hypFile);
  const refs = await Promise.all(refFiles.map(readLines));
  refs.forEach((r, i) => {
    if (r.length !== hyps.length) {
      throw new StudioError(
        'BAD_FILE',
        `${refFiles[i]} has ${r.length} lines but ${hypFile} has ${hyps.length}; reference files must be parallel to the hypotheses.`,
      );
    }
  });
  const r = corpusBleu(hyps, refs, { smooth, tokenize });
  printResult(
    json,
    r,
    () =>
      `BLEU ${(100 * r.bleu).toFixed(2)} (×100)  ${r.precisions.map((p) => (100 * p).toFixed(1)).join('/')}  BP ${r.brevityPenalty.toFixed(3)}  hyp ${r.hypLen} ref ${r.refLen}  [tok ${tokenize}, smooth ${smooth}]`,
  );
}

async function fidCommand(options: Options, json: boolean): Promise<void> {
  const real = openFeatureSource(single(options, 'real'));
  const fake = openFeatureSource(single(options, 'fake'));
  const [a, b] = [await real.statistics(), await fake.statistics()];
  const fid = frechetDistance(a, b);
  const extractor =
    real.extractor === fake.extractor ? real.extractor : `${real.extractor} / ${fake.extractor}`;
  const result = { fid, nReal: a.n ?? null, nFake: b.n ?? null, extractor };
  printResult(
    json,
    result,
    () =>
      `FID ${fid.toFixed(4)}  (real n=${result.nReal ?? '?'}, fake n=${result.nFake ?? '?'}, ${extractor})`,
  );
}

async function readLines(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new StudioError('NOT_FOUND', `Could not read ${file}: ${(err as Error).message}`);
  }
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop(); // a final newline ends the last line, it is not a new one
  return lines;
}

function list(v: Options[string]): string[] {
  return v === undefined || typeof v === 'boolean' ? [] : Array.isArray(v) ? v : [v];
}

function single(options: Options, name: string): string {
  const [v, extra] = list(options[name]);
  if (v === undefined || extra !== undefined)
    throw new UsageError(`eval needs exactly one --${name} FILE`);
  return v;
}

function choice<T extends string>(
  v: Options[string],
  allowed: readonly T[],
  fallback: T,
  name: string,
): T {
  const [s] = list(v);
  if (s === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(s))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not "${s}"`);
  return s as T;
}
