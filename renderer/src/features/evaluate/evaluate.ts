import { StudioError } from '../../../../main/contract/channels';
import type {
  EvalReport,
  EvalRequest,
  EvalSource,
  MemorizationPair,
} from '../../../../main/contract/eval-schemas';
import { cancelJob, reportError, runJob, toast, type ActionContext } from '../../app/context';
import type { EvaluateState, PairPicture } from '../../store/evaluate';

export const EVAL_LABEL = 'Evaluating';

/** Shallow-merges into the Evaluate screen's slice of the store. */
export function setEval(
  ctx: ActionContext,
  patch: Partial<EvaluateState> | ((e: EvaluateState) => Partial<EvaluateState>),
): void {
  ctx.store.setState((s) => ({
    evaluate: { ...s.evaluate, ...(typeof patch === 'function' ? patch(s.evaluate) : patch) },
  }));
}

const evaluation = (ctx: ActionContext) => ctx.store.getState().evaluate;

const NEEDS_REFERENCE = ['fid', 'kid', 'pr', 'memorization'] as const;

/**
 * The form as an eval.run request, or the reason it is not one yet (in words for a toast).
 * `currentModel` stands in when no model was picked: the one open in Explore.
 */
export function buildRequest(
  e: EvaluateState,
  currentModel: string | null,
): { request: EvalRequest } | { error: string } {
  const metrics = (Object.keys(e.metrics) as EvalRequest['metrics']).filter((m) => e.metrics[m]);
  if (metrics.length === 0) return { error: 'Tick at least one metric.' };
  let fake: EvalSource;
  if (e.fakeKind === 'model') {
    const model = e.fakeModel || currentModel;
    if (!model) return { error: 'Choose the model to evaluate.' };
    fake = { kind: 'model', model, count: e.count };
  } else {
    const path = e.fakeFolder.trim();
    if (!path) return { error: 'Type the path of the folder of generated images.' };
    fake = { kind: 'folder', path };
  }
  const realPath = e.realPath.trim();
  const needsReference = metrics.some((m) => (NEEDS_REFERENCE as readonly string[]).includes(m));
  let real: EvalSource | undefined;
  if (realPath) {
    real = realPath.toLowerCase().endsWith('.npz')
      ? { kind: 'stats', path: realPath }
      : { kind: 'folder', path: realPath };
  } else if (needsReference) {
    return {
      error:
        'FID, KID, precision/recall and memorisation compare with a reference: type the path of the training folder (or an .npz statistics file).',
    };
  }
  if (real?.kind === 'stats' && metrics.some((m) => m !== 'fid' && m !== 'is')) {
    return {
      error:
        'A statistics file (.npz) holds only FID statistics: untick KID, precision/recall and memorisation, or use a folder of images.',
    };
  }
  let extractor: string | undefined;
  if (e.extractor === 'fashion-mnist') extractor = 'fashion-mnist';
  if (e.extractor === 'onnx') {
    extractor = e.extractorPath.trim();
    if (!extractor) return { error: 'Type the path of the ONNX extractor (.onnx with its .json).' };
  }
  return { request: { metrics, fake, real, extractor, count: e.count } };
}

/** What the history is kept by: the model id, or the folder of generated images. */
export function historyKeyOf(source: EvalSource): string {
  return source.kind === 'model' ? source.model : source.path;
}

export async function loadHistory(ctx: ActionContext, key: string | null): Promise<void> {
  if (!key) {
    setEval(ctx, { history: [], historyKey: null });
    return;
  }
  try {
    const { reports } = await ctx.api.invoke('eval.history', { modelKey: key });
    setEval(ctx, { history: reports, historyKey: key });
  } catch (err) {
    reportError(ctx, err, 'Loading the evaluation history');
  }
}

/** eval.run as a job: progress in the bar and on the screen, Cancel through job.cancel. */
export async function runEvaluation(ctx: ActionContext): Promise<void> {
  const e = evaluation(ctx);
  if (e.status === 'running') return;
  const built = buildRequest(e, ctx.store.getState().doc.modelId);
  if ('error' in built) {
    toast(ctx, 'info', built.error, 6000);
    return;
  }
  const { request } = built;
  setEval(ctx, { status: 'running', message: null, lastExport: null });
  let failure: unknown = null;
  const report = await runJob(ctx, EVAL_LABEL, async (jobId) => {
    setEval(ctx, { jobId: jobId ?? null });
    try {
      return await ctx.api.invoke('eval.run', { ...request, jobId });
    } catch (err) {
      failure = err;
      throw err;
    }
  });
  if (report) {
    setEval(ctx, { status: 'done', report, jobId: null });
    await loadHistory(ctx, report.modelKey ?? historyKeyOf(request.fake));
    return;
  }
  const cancelled = failure instanceof StudioError && failure.code === 'CANCELLED';
  const message = failure instanceof Error ? failure.message : 'The evaluation did not finish.';
  setEval(ctx, {
    status: cancelled ? 'cancelled' : 'failed',
    message: cancelled ? 'Cancelled — nothing was saved.' : message,
    jobId: null,
  });
}

export async function cancelEvaluation(ctx: ActionContext): Promise<void> {
  const { jobId } = evaluation(ctx);
  if (jobId) await cancelJob(ctx, jobId);
}

export function showReport(ctx: ActionContext, id: string): void {
  const report = evaluation(ctx).history.find((r) => r.id === id);
  if (report) setEval(ctx, { report, status: 'done', message: null });
}

/** The folder's separator, so a Windows engine gets a Windows path. */
function joinPath(dir: string, file: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? `${dir}${file}` : `${dir}${sep}${file}`;
}

/** Writes the shown evaluation as HTML or PNG into the export folder (default: the data folder). */
export async function exportEvaluation(ctx: ActionContext, format: 'html' | 'png'): Promise<void> {
  const e = evaluation(ctx);
  if (!e.report) return;
  const dir = e.exportDir.trim() || ctx.store.getState().info?.dataDir;
  if (!dir) return;
  const path = joinPath(dir, `evaluation-${e.report.id.replace(/[^\w.-]+/g, '-')}.${format}`);
  const { id } = e.report;
  const res = await runJob(
    ctx,
    `Exporting the ${format.toUpperCase()} report`,
    () => ctx.api.invoke('eval.exportReport', { id, format, path }),
    false,
  );
  if (!res) return;
  setEval(ctx, { lastExport: res.path });
  toast(ctx, 'success', `Report saved: ${res.path}`, 8000);
}

/** Pairs drawn on screen, closest first (the report keeps at most 64). */
export const SHOWN_PAIRS = 24;
const THUMB = 96;

async function thumbnail(ctx: ActionContext, path: string): Promise<PairPicture> {
  try {
    return { ...(await ctx.api.invoke('eval.thumbnail', { path, size: THUMB })), seed: null };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** A generated sample: its file, or the model re-rendered by its seed (the exact evaluated image). */
async function samplePicture(
  ctx: ActionContext,
  report: EvalReport,
  pair: MemorizationPair,
): Promise<PairPicture> {
  if (pair.sampleFile) return thumbnail(ctx, pair.sampleFile);
  const fake = report.request.fake;
  if (fake.kind !== 'model' || pair.seed === null) return { error: 'no file or seed to show' };
  try {
    const latent = { kind: 'seed' as const, seed: pair.seed, truncation: fake.truncation ?? 1 };
    return (await ctx.api.invoke('render.frame', { modelId: fake.model, latent })).frame;
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Fills in the pictures of the shown report's nearest-neighbour pairs, one pair at a time;
 * stops when another report is shown meanwhile.
 */
export async function loadPairPictures(ctx: ActionContext, report: EvalReport): Promise<void> {
  if (evaluation(ctx).pairPictures.reportId === report.id) return;
  setEval(ctx, { pairPictures: { reportId: report.id, list: [] } });
  for (const pair of report.results.memorization?.pairs.slice(0, SHOWN_PAIRS) ?? []) {
    const both: [PairPicture, PairPicture] = [
      await samplePicture(ctx, report, pair),
      await thumbnail(ctx, pair.trainFile),
    ];
    if (evaluation(ctx).pairPictures.reportId !== report.id) return;
    setEval(ctx, (e) => ({
      pairPictures: { reportId: report.id, list: [...e.pairPictures.list, both] },
    }));
  }
}
