import type { TrainHistory } from '../../../../main/contract/training-schemas';
import { emptyLive, mergeHistory, type LossPoint } from '../../store/training';
import { reportError, toast, type ActionContext } from '../../app/context';
import { setScreen, setTrain } from './training';
import { emptyMetrics, mergeMetrics, type RunMetrics } from '../../store/training-metrics';

const lossPoints = (h: TrainHistory): LossPoint[] =>
  h.steps.map((s) => ({ step: s.step, losses: s.losses }));

const metricsOf = (h: TrainHistory, start: RunMetrics = emptyMetrics): RunMetrics =>
  h.metrics.reduce(mergeMetrics, start);

/**
 * Loads a run's record from its out folder (train.history) into the dashboard: after a reload,
 * or on picking an older run, its loss and detector charts come back. Points that events have
 * already brought are kept (they are newer). Quiet: a run without a record just shows its events.
 */
export async function loadRunHistory(ctx: ActionContext, runId: string): Promise<void> {
  if (ctx.store.getState().training.live[runId]?.loaded) return;
  void loadLastPreview(ctx, runId);
  try {
    const h = await ctx.api.invoke('train.history', { runId });
    const history = lossPoints(h);
    setTrain(ctx, (t) => {
      const live = t.live[runId] ?? emptyLive;
      const metrics =
        h.metrics.length > 0 ? metricsOf(h, live.metrics ?? emptyMetrics) : live.metrics;
      return {
        live: {
          ...t.live,
          [runId]: {
            ...live,
            history: mergeHistory(history, live.history),
            metrics,
            loaded: true,
          },
        },
      };
    });
  } catch {
    // No checkpoint yet, or the run's folder is gone: the dashboard shows what events bring.
  }
}

/**
 * A reopened run's last preview grid, read from its out folder (train.lastPreview), so the grid
 * is not blank until the next preview (a finished or stopped run has no next one). A preview an
 * event has brought meanwhile is newer and stays. Quiet: without one the grid says why it is empty.
 */
async function loadLastPreview(ctx: ActionContext, runId: string): Promise<void> {
  let preview;
  try {
    ({ preview } = await ctx.api.invoke('train.lastPreview', { runId }));
  } catch {
    return;
  }
  if (!preview) return;
  const saved = preview;
  setTrain(ctx, (t) => {
    const live = t.live[runId] ?? emptyLive;
    if (live.preview && live.preview.step >= saved.step) return {};
    return { live: { ...t.live, [runId]: { ...live, preview: saved } } };
  });
}

/**
 * Opens the Train screen on a library model's training record (losses, FID/KID, diversity),
 * read-only. Defaults to the model picked in Explore.
 */
export async function showTrainingRecord(ctx: ActionContext, modelId?: string): Promise<void> {
  const state = ctx.store.getState();
  const id = modelId ?? state.doc.modelId;
  if (!id) {
    toast(ctx, 'info', 'Pick a model first: its training record opens on the Train screen.');
    return;
  }
  const name = state.models.find((m) => m.id === id)?.name ?? id;
  let h: TrainHistory;
  try {
    h = await ctx.api.invoke('train.history', { modelId: id });
  } catch (err) {
    reportError(ctx, err, `Opening the training record of "${name}"`);
    return;
  }
  setTrain(ctx, {
    record: {
      modelId: id,
      name,
      source: h.source,
      config: h.config,
      history: lossPoints(h),
      stepCount: h.stepCount,
      metrics: metricsOf(h),
    },
  });
  setScreen(ctx, 'train');
}

export function closeTrainingRecord(ctx: ActionContext): void {
  setTrain(ctx, { record: null });
}

/**
 * Asks once per model whether it has a training record, so "Training record" is offered only
 * for models that have one. Quiet: no record is the common case, not an error.
 */
export async function checkTrainingRecord(ctx: ActionContext, modelId: string): Promise<void> {
  if (modelId in ctx.store.getState().training.hasRecord) return;
  let has = false;
  try {
    const h = await ctx.api.invoke('train.history', { modelId });
    has = h.steps.length > 0 || h.metrics.length > 0;
  } catch {
    has = false;
  }
  setTrain(ctx, (t) => ({ hasRecord: { ...t.hasRecord, [modelId]: has } }));
}
