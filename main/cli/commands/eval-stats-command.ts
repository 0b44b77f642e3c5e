import { resolve } from 'node:path';
import { sourceFromArg } from '../../engine/evaluation/open-source';
import { openCliContext, stderrProgress } from '../cli-context';
import { printResult, UsageError } from '../output';
import { list, optionalInt, single, type EvalOptions } from './eval-args';

/**
 * `latent-studio eval stats SOURCE --out FILE.npz`: an `eval.stats` request. Mean and covariance
 * of a folder, a model's samples or a feature file, written in pytorch-fid's `--save-stats`
 * layout (mu, sigma; plus n).
 */
export async function evalStatsCommand(
  options: EvalOptions,
  positionals: string[],
  json: boolean,
): Promise<void> {
  if (positionals.length !== 1) throw new UsageError('eval stats needs one SOURCE');
  const out = single(options, 'out', 'FILE.npz');
  if (!/\.npz$/i.test(out)) throw new UsageError(`--out must name a .npz file, not ${out}`);
  const source = await sourceFromArg(positionals[0]!);
  const [extractor] = list(options.extractor);
  const ctx = await openCliContext();
  const result = await ctx.callJob(
    'eval.stats',
    {
      source,
      out: resolve(out),
      extractor,
      count: optionalInt(options, 'count', 2),
      overwrite: options.overwrite === true,
    },
    stderrProgress(),
  );
  printResult(json, result, () =>
    [
      `Wrote ${result.out}: mean and covariance of ${result.n ?? '?'} samples, ${result.dim}-d`,
      `  source: ${result.source}`,
      `  extractor: ${result.extractorLabel} (${result.extractor})`,
      ...result.warnings.map((w) => `  warning: ${w}`),
    ].join('\n'),
  );
}
