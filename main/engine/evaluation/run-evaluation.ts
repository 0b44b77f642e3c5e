import { randomBytes } from 'node:crypto';
import { StudioError } from '../../contract/channels';
import {
  evalRequestSchema,
  type EvalReport,
  type EvalRequest,
  type EvalResults,
  type EvalSource,
} from '../../contract/eval-schemas';
import type { ModelLibrary } from '../library/model-library';
import type { FeatureExtractor } from '../metrics/extractors/extractor';
import { extractorCacheDir, openExtractor } from '../metrics/extractors/open-extractor';
import { FROM_STATS_FILE } from '../metrics/feature-source';
import type { InferenceScheduler } from '../render/inference-scheduler';
import { checkRequest } from './check-request';
import { computeMetric, metricOrder } from './compute-metrics';
import { throwIfAborted } from './extract-rows';
import { saveEvaluation } from './history';
import { extractSource, type OpenedSource } from './open-source';

export interface EvalProgress {
  /** 'opening extractor', 'real' / 'fake' (images extracted), then 'metrics' (one step each). */
  phase: string;
  done: number;
  total: number;
}

export interface EvaluationContext {
  dataDir: string;
  /** Finds models by library id or path (the engine's one library). */
  library: ModelLibrary;
  /** The app's inference scheduler, so evaluation yields to live frames; optional. */
  scheduler?: InferenceScheduler;
  onProgress?: (p: EvalProgress) => void;
  /** Words from the extractor loader (e.g. a one-time conversion) for the user. */
  onNotice?: (message: string) => void;
  /** Stops at the next batch (of at most 32 images) with a CANCELLED error. */
  signal?: AbortSignal;
  /** An extractor already open (the training detectors keep one); else request.extractor is opened. */
  extractor?: FeatureExtractor;
  /** Save the report to the history (default true; only folder and model sides have one). */
  save?: boolean;
}

/** The history store, re-exported so a shell needs one import for run + history. */
export { listEvaluations } from './history';

/**
 * Runs the metrics of `request`: extracts both sides (folders and models through the feature
 * extractor, cached per file for folders), computes each metric in float64, saves the report under
 * <dataDir>/evaluations and returns it. Requests that cannot work are refused in words before any
 * image is read (IS without a classifier, a missing reference, KID from mean/covariance only).
 */
export async function runEvaluation(
  request: EvalRequest,
  ctx: EvaluationContext,
): Promise<EvalReport> {
  const started = Date.now();
  const req = evalRequestSchema.parse(request);
  const { signal } = ctx;
  const { real, sides } = await checkRequest(req, ctx.library);

  const extractor = await extractorFor(req, sides, ctx);
  try {
    if (req.metrics.includes('is') && extractor && extractor.classes === 0)
      throw new StudioError(
        'BAD_REQUEST',
        `Inception Score needs an extractor with a classifier head; ${extractor.label} (${extractor.id}) has none. Choose one with a classifier (its manifest names a "classifier" output).`,
      );
    const side = async (source: EvalSource, phase: string): Promise<OpenedSource> => {
      const onProgress = (done: number, total: number) => ctx.onProgress?.({ phase, done, total });
      const opened = await extractSource(source, extractor, { ...ctx, onProgress }, req.count);
      checkDimension(opened, extractor);
      return opened;
    };
    const realSide = real ? await side(real, 'real') : null;
    const fakeSide = await side(req.fake, 'fake');
    const results: EvalResults = {};
    const order = metricOrder(req.metrics, smallerSide(realSide?.n ?? null, fakeSide.n));
    const classifier = extractor
      ? `${extractor.label} (${extractor.id}), ${extractor.classes} classes`
      : '';
    for (const [i, metric] of order.entries()) {
      throwIfAborted(signal);
      ctx.onProgress?.({ phase: 'metrics', done: i, total: order.length });
      Object.assign(results, computeMetric(metric, realSide, fakeSide, classifier));
    }
    ctx.onProgress?.({ phase: 'metrics', done: order.length, total: order.length });
    const createdAt = new Date();
    const report: EvalReport = {
      id: `${createdAt.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`,
      createdAt: createdAt.toISOString(),
      modelKey: fakeSide.modelKey,
      request: req,
      extractor: extractor
        ? { id: extractor.id, label: extractor.label, dim: extractor.dim }
        : statsExtractor(fakeSide),
      fake: { label: fakeSide.label, n: fakeSide.n },
      real: realSide && { label: realSide.label, n: realSide.n },
      order,
      results,
      warnings: [...(realSide?.warnings ?? []), ...fakeSide.warnings],
      durationSec: (Date.now() - started) / 1000,
    };
    if (ctx.save !== false && req.fake.kind !== 'stats')
      await saveEvaluation(ctx.dataDir, fakeSide.modelKey, report);
    return report;
  } finally {
    if (extractor && extractor !== ctx.extractor) await extractor.dispose();
  }
}

/** Opens the extractor when a side has images; statistics files alone need none. */
async function extractorFor(
  req: EvalRequest,
  sides: EvalSource[],
  ctx: EvaluationContext,
): Promise<FeatureExtractor | null> {
  if (sides.every((s) => s.kind === 'stats') && req.extractor === undefined) return null;
  if (ctx.extractor) return ctx.extractor;
  ctx.onProgress?.({ phase: 'opening extractor', done: 0, total: 1 });
  const extractor = await openExtractor(req.extractor, {
    cacheDir: extractorCacheDir(ctx.dataDir),
    onNotice: ctx.onNotice,
  });
  ctx.onProgress?.({ phase: 'opening extractor', done: 1, total: 1 });
  return extractor;
}

/** A statistics file beside extracted images must match the extractor; only its size can be checked. */
function checkDimension(side: OpenedSource, extractor: FeatureExtractor | null): void {
  if (!extractor || side.extractorId === extractor.id) return;
  const dim = side.features?.dim ?? side.statistics?.mu.length ?? 0;
  if (dim !== extractor.dim)
    throw new StudioError(
      'BAD_FILE',
      `${side.label} has ${dim}-d features, but ${extractor.label} (${extractor.id}) makes ${extractor.dim}-d ones; statistics must come from the same extractor.`,
    );
  side.warnings.push(
    `${side.label} was made outside this evaluation: its numbers compare only if it was made with ${extractor.id} (only its dimension, ${dim}, could be checked).`,
  );
}

function statsExtractor(side: OpenedSource): EvalReport['extractor'] {
  const dim = side.statistics ? side.statistics.mu.length : (side.features?.dim ?? 0);
  return {
    id: side.extractorId,
    label:
      side.extractorId === FROM_STATS_FILE
        ? 'statistics files (extractor unknown)'
        : 'feature files (extractor unknown)',
    dim,
  };
}

function smallerSide(a: number | null, b: number | null): number | null {
  const known = [a, b].filter((n): n is number => n !== null);
  return known.length ? Math.min(...known) : null;
}
