import { resolve } from 'node:path';
import { sourceFromArg } from '../../engine/evaluation/open-source';
import { sourceStatistics } from '../../engine/evaluation/source-statistics';
import { writeStatsNpz } from '../../engine/metrics/npz';
import { printResult, UsageError } from '../output';
import {
  evalEnvironment,
  list,
  optionalInt,
  printNotice,
  single,
  stderrProgress,
  type EvalOptions,
} from './eval-args';

/**
 * `latent-studio eval stats SOURCE --out FILE.npz`: mean and covariance of a folder, a model's
 * samples or a feature file, written in pytorch-fid's `--save-stats` layout (mu, sigma; plus n).
 */
export async function evalStatsCommand(
  options: EvalOptions,
  positionals: string[],
  json: boolean,
): Promise<void> {
  if (positionals.length !== 1) throw new UsageError('eval stats needs one SOURCE');
  const out = resolve(single(options, 'out', 'FILE.npz'));
  if (!/\.npz$/i.test(out)) throw new UsageError(`--out must name a .npz file, not ${out}`);
  const source = await sourceFromArg(positionals[0]!);
  const [extractor] = list(options.extractor);
  const s = await sourceStatistics(source, {
    ...evalEnvironment(),
    extractor,
    count: optionalInt(options, 'count', 2),
    onProgress: stderrProgress(),
    onNotice: printNotice,
  });
  await writeStatsNpz(out, s.stats);
  const result = {
    out,
    n: s.n,
    dim: s.extractor.dim,
    extractor: s.extractor.id,
    extractorLabel: s.extractor.label,
    source: s.label,
    warnings: s.warnings,
  };
  printResult(json, result, () =>
    [
      `Wrote ${out}: mean and covariance of ${s.n ?? '?'} samples, ${s.extractor.dim}-d`,
      `  source: ${s.label}`,
      `  extractor: ${s.extractor.label} (${s.extractor.id})`,
      ...s.warnings.map((w) => `  warning: ${w}`),
    ].join('\n'),
  );
}
