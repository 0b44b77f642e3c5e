import type { BleuSmoothing } from '../../engine/metrics/bleu';
import type { BleuTokenizer } from '../../engine/metrics/bleu-tokenize';
import { openCliContext } from '../cli-context';
import { printResult, UsageError } from '../output';
import { choice, list, single, type EvalOptions } from './eval-args';
import { evalMetricCommand } from './eval-metric-command';
import { evalStatsCommand } from './eval-stats-command';
import { evalModelBleuCommand, evalNllCommand } from './text-commands';

export const EVAL_USAGE = `  eval fid|kid|pr --real SOURCE --fake SOURCE [--count N] [--extractor E] [--seed S]
            [--truncation T] [--json]   FID, KID, precision/recall/density/coverage
  eval is SOURCE [--count N] [--extractor E] [--json]   Inception Score (extractor with a classifier)
  eval memorization --model M --train DIR [--count N] [--extractor E] [--json]
            samples closer to a training image than training images are to each other
  eval stats SOURCE --out FILE.npz [--extractor E] [--overwrite] [--json]   pytorch-fid statistics file
            SOURCE: an image folder, a model id or path, or a .npz/.npy statistics file;
            E: inception (default), fashion-mnist, or an ONNX extractor path
  eval bleu --hyp FILE --ref FILE [--ref FILE …] [--smooth exp|floor|add-k|none|epsilon]
            [--tokenize 13a|none] [--json]  corpus BLEU (0–1), one sentence per line`;

const SMOOTHINGS: readonly BleuSmoothing[] = ['exp', 'floor', 'add-k', 'none', 'epsilon'];
const TOKENIZERS: readonly BleuTokenizer[] = ['13a', 'none'];
const METRICS = ['fid', 'kid', 'pr', 'is', 'memorization'] as const;

/**
 * `latent-studio eval <metric> …`, each an `eval.*` request. BLEU is on a 0–1 scale (sacreBLEU prints ×100); its defaults
 * (13a tokenizer, exp smoothing) are sacreBLEU's. Image metrics go through runEvaluation
 * (eval-metric-command.ts); `stats` writes pytorch-fid statistics (eval-stats-command.ts).
 */
export async function evalCommand(
  sub: string | undefined,
  options: EvalOptions,
  json: boolean,
  positionals: string[] = [],
): Promise<void> {
  if (sub === 'bleu')
    return options.model ? evalModelBleuCommand(options, json) : bleuCommand(options, json);
  if (sub === 'nll') return evalNllCommand(options, positionals, json);
  if (sub === 'stats') return evalStatsCommand(options, positionals, json);
  const metric = METRICS.find((m) => m === sub);
  if (metric) return evalMetricCommand(metric, options, positionals, json);
  const known = `${METRICS.join(', ')}, stats, bleu or nll`;
  throw new UsageError(
    sub ? `Unknown eval metric "${sub}" (try ${known})` : `eval needs a metric: ${known}`,
  );
}

async function bleuCommand(options: EvalOptions, json: boolean): Promise<void> {
  const hyp = single(options, 'hyp');
  const refs = list(options.ref);
  if (refs.length === 0) throw new UsageError('eval bleu needs at least one --ref FILE');
  const smooth = choice(options.smooth, SMOOTHINGS, 'exp', 'smooth');
  const tokenize = choice(options.tokenize, TOKENIZERS, '13a', 'tokenize');
  const ctx = await openCliContext();
  const r = await ctx.call('eval.bleu', { hyp, refs, smooth, tokenize });
  printResult(
    json,
    r,
    () =>
      `BLEU ${(100 * r.bleu).toFixed(2)} (×100)  ${r.precisions.map((p) => (100 * p).toFixed(1)).join('/')}  BP ${r.brevityPenalty.toFixed(3)}  hyp ${r.hypLen} ref ${r.refLen}  [tok ${tokenize}, smooth ${smooth}]`,
  );
}
