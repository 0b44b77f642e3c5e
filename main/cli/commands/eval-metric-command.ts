import type { EvalMetric, EvalReport, EvalSource } from '../../contract/eval-schemas';
import { sourceFromArg } from '../../engine/evaluation/open-source';
import { openCliContext, stderrProgress } from '../cli-context';
import { printResult, UsageError } from '../output';
import { list, optionalInt, optionalNumber, single, type EvalOptions } from './eval-args';

/**
 * `latent-studio eval fid|kid|pr|is|memorization …`: one metric as an `eval.run` request, so the
 * CLI, the Evaluate screen and the history see the same numbers. SOURCE is a folder, a model id or
 * path, or a .npz/.npy statistics file. The report is saved to the history like the app's.
 */
export async function evalMetricCommand(
  metric: EvalMetric,
  options: EvalOptions,
  positionals: string[],
  json: boolean,
): Promise<void> {
  const source = async (arg: string): Promise<EvalSource> => {
    const s = await sourceFromArg(arg);
    if (s.kind !== 'model') return s;
    const seed = optionalInt(options, 'seed', 0);
    const truncation = optionalNumber(options, 'truncation');
    return {
      ...s,
      ...(seed !== undefined && { seed }),
      ...(truncation !== undefined && { truncation }),
    };
  };
  let real: EvalSource | undefined;
  let fake: EvalSource;
  if (metric === 'is') {
    const args = [...list(options.fake), ...positionals];
    if (args.length !== 1) throw new UsageError('eval is needs one SOURCE (or --fake SOURCE)');
    fake = await source(args[0]!);
  } else if (metric === 'memorization') {
    fake = await source(single(options, 'model', 'MODEL'));
    real = await source(single(options, 'train', 'DIR'));
    if (real.kind !== 'folder')
      throw new UsageError(
        `--train must be a folder of training images, not ${single(options, 'train')}`,
      );
  } else {
    real = await source(single(options, 'real', 'SOURCE'));
    fake = await source(single(options, 'fake', 'SOURCE'));
  }
  const [extractor] = list(options.extractor);
  const ctx = await openCliContext();
  const report = await ctx.callJob(
    'eval.run',
    { metrics: [metric], real, fake, extractor, count: optionalInt(options, 'count', 2) },
    stderrProgress(),
  );
  const { value, human } = summarise(metric, report);
  const result = {
    ...value,
    nReal: report.real?.n ?? null,
    nFake: report.fake.n,
    extractor: report.extractor.id,
    extractorLabel: report.extractor.label,
    warnings: report.warnings,
    reportId: report.id,
  };
  printResult(json, result, () =>
    [
      human,
      `  ${report.real ? `real: ${report.real.label}\n  ` : ''}fake: ${report.fake.label}`,
      `  extractor: ${report.extractor.label} (${report.extractor.id})`,
      ...report.warnings.map((w) => `  warning: ${w}`),
    ].join('\n'),
  );
}

function summarise(metric: EvalMetric, report: EvalReport): { value: object; human: string } {
  const r = report.results;
  switch (metric) {
    case 'fid': {
      const { value, warning } = r.fid!;
      return {
        value: { fid: value, warning },
        human: `FID ${value.toFixed(4)}${warning ? `\n  note: ${warning}` : ''}`,
      };
    }
    case 'kid': {
      const k = r.kid!;
      return {
        value: {
          kid: k.mean,
          kidStd: k.std,
          subsets: k.subsets,
          subsetSize: k.subsetSize,
          subsetRule: k.subsetRule ?? null,
        },
        human: `KID ${k.mean.toExponential(4)} ± ${k.std.toExponential(2)} (${k.subsets} subsets of ${k.subsetSize}${k.subsetRule ? `: ${k.subsetRule}` : ''})`,
      };
    }
    case 'pr': {
      const p = r.pr!;
      return {
        value: p,
        human: `precision ${p.precision.toFixed(3)}  recall ${p.recall.toFixed(3)}  density ${p.density.toFixed(3)}  coverage ${p.coverage.toFixed(3)}  (k = ${p.k})`,
      };
    }
    case 'is': {
      const s = r.is!;
      return {
        value: { is: s.mean, isStd: s.std, splits: s.splits, classifier: s.classifier },
        human: `IS ${s.mean.toFixed(3)} ± ${s.std.toFixed(3)} (${s.splits} splits; classifier ${s.classifier})`,
      };
    }
    case 'memorization': {
      const m = r.memorization!;
      const top = m.pairs
        .slice(0, 5)
        .map(
          (p) =>
            `  ${p.flagged ? 'FLAGGED ' : ''}sample ${p.seed !== null ? `seed ${p.seed}` : (p.sampleFile ?? p.sample)} ↔ ${p.trainFile}  distance ${p.distance.toFixed(4)}`,
        );
      return {
        value: m,
        human: [
          `memorisation: ${m.flagged} of ${m.total} samples flagged (threshold ${m.threshold.toFixed(4)}: ${m.thresholdRule})`,
          ...(m.warning ? [`  note: ${m.warning}`] : []),
          ...top,
        ].join('\n'),
      };
    }
  }
}
