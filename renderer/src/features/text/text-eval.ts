import { StudioError } from '../../../../main/contract/channels';
import { cancelJob, runJob, toast, type ActionContext } from '../../app/context';
import type { StudioState } from '../../store/state';
import { runView } from '../../store/training';
import type { TextEvaluation } from '../../store/text';
import { setText } from './text';

export function setEvaluation(ctx: ActionContext, patch: Partial<TextEvaluation>): void {
  setText(ctx, (t) => ({ evaluation: { ...t.evaluation, ...patch } }));
}

function joinPath(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

/**
 * The held-out folder a model is evaluated on: what the user typed, else the held-out passages
 * its training run wrote (`<run>/heldout/`, never trained on) when the model came from a run.
 */
export function heldoutFor(s: StudioState): string {
  const typed = s.text.evaluation.heldout.trim();
  if (typed) return typed;
  const modelId = s.text.modelId;
  const run = Object.values(s.training.runs).find(
    (r) => (runView(s.training, r.runId)?.modelId ?? r.modelId) === modelId && modelId !== '',
  );
  return run ? joinPath(run.out, 'heldout') : '';
}

/**
 * BLEU of the model's continuations of held-out passages (the first `promptChars` characters are
 * the prompt, the true next `continuationChars` the reference), then bits per character on the
 * same text. BLEU runs as a job: its progress per passage, Cancel stops it.
 */
export async function runTextEvaluation(ctx: ActionContext): Promise<void> {
  const s = ctx.store.getState();
  const e = s.text.evaluation;
  const modelId = s.text.modelId;
  if (e.status === 'running' || !modelId) return;
  const heldout = heldoutFor(s);
  if (!heldout) {
    toast(ctx, 'info', 'Type the path of a folder of held-out .txt/.md text (not trained on).');
    return;
  }
  setEvaluation(ctx, { status: 'running', message: null, report: null, nll: null, modelId });
  let failure: unknown = null;
  const report = await runJob(ctx, 'Scoring continuations (BLEU)', async (jobId) => {
    setEvaluation(ctx, { jobId: jobId ?? null });
    try {
      return await ctx.api.invoke('text.bleu', {
        modelId,
        heldout,
        promptChars: e.promptChars,
        continuationChars: e.continuationChars,
        maxPassages: e.maxPassages,
        tokenize: e.tokenize,
        smooth: e.smooth,
        jobId,
      });
    } catch (err) {
      failure = err;
      throw err;
    }
  });
  if (!report) {
    const cancelled = failure instanceof StudioError && failure.code === 'CANCELLED';
    setEvaluation(ctx, {
      status: cancelled ? 'cancelled' : 'failed',
      message: cancelled
        ? 'Cancelled.'
        : failure instanceof Error
          ? failure.message
          : 'The evaluation did not finish.',
      jobId: null,
    });
    return;
  }
  setEvaluation(ctx, { report, jobId: null });
  const nll = await runJob(
    ctx,
    'Measuring bits per character',
    () => ctx.api.invoke('text.nll', { modelId, source: heldout }),
    false,
  );
  setEvaluation(ctx, { status: 'done', nll: nll ?? null });
}

export async function cancelTextEvaluation(ctx: ActionContext): Promise<void> {
  const { jobId } = ctx.store.getState().text.evaluation;
  if (jobId) await cancelJob(ctx, jobId);
}
