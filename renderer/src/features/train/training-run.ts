import type { EventPayload, ModelInfo } from '../../../../main/contract/channels';
import type { TrainRun } from '../../../../main/contract/training-schemas';
import { appendHistory, emptyLive, isActive, runView, type LiveRun } from '../../store/training';
import { reportError, runJob, toast, type ActionContext } from '../../app/context';
import { selectModel } from '../explore/sampling';
import { loadTextModels } from '../text/text';
import { setTrain } from './training';
import { loadRunHistory } from './training-history';
import { emptyMetrics, mergeMetrics } from '../../store/training-metrics';

function patchLive(
  ctx: ActionContext,
  runId: string,
  patch: (live: LiveRun) => Partial<LiveRun>,
): void {
  setTrain(ctx, (t) => {
    const live = t.live[runId] ?? emptyLive;
    return { live: { ...t.live, [runId]: { ...live, ...patch(live) } } };
  });
}

/**
 * Records runs the engine answered with. Responses and events travel in order on one connection,
 * so whatever arrives last is newest: an answer clears the state an earlier event left.
 */
function acceptRuns(ctx: ActionContext, runs: TrainRun[], select?: string): void {
  setTrain(ctx, (t) => {
    const next = { ...t.runs };
    const live = { ...t.live };
    for (const run of runs) {
      next[run.runId] = run;
      const l = live[run.runId];
      if (l) live[run.runId] = { ...l, state: null, message: null, modelId: null };
    }
    return { runs: next, live, runId: select ?? t.runId };
  });
}

/** Follows every run's progress, preview and state events (any screen, so nothing is missed). */
export function watchTraining(ctx: ActionContext): () => void {
  const offs = [
    ctx.api.on('train.progress', (p) =>
      patchLive(ctx, p.runId, (l) => ({
        progress: p,
        history: appendHistory(l.history, { step: p.step, losses: p.losses }),
      })),
    ),
    ctx.api.on('train.preview', (e) =>
      patchLive(ctx, e.runId, () => ({ preview: { step: e.step, frame: e.frame } })),
    ),
    ctx.api.on('train.metrics', (m) =>
      patchLive(ctx, m.runId, (l) => ({ metrics: mergeMetrics(l.metrics ?? emptyMetrics, m) })),
    ),
    ctx.api.on('train.state', (e) => onState(ctx, e)),
  ];
  return () => offs.forEach((off) => off());
}

function onState(ctx: ActionContext, e: EventPayload<'train.state'>): void {
  patchLive(ctx, e.runId, () => ({ state: e.state, message: e.message, modelId: e.modelId }));
  const known = ctx.store.getState().training.runs[e.runId];
  if (!known) void refreshRuns(ctx, true);
  if (e.state === 'finished') {
    const text = ctx.store.getState().training.runs[e.runId]?.config.family === 'text';
    toast(
      ctx,
      'success',
      `Training finished: open the model in ${text ? 'Text' : 'Explore'}.`,
      8000,
    );
    // Already in its library: list it in the picker now.
    if (e.modelId) void (text ? loadTextModels(ctx) : reloadModels(ctx));
  }
  if (e.state === 'failed')
    toast(ctx, 'error', `Training failed — ${e.message ?? 'no reason given'}`, 12000);
}

/** train.list: reattaches the dashboard (after a reload) to a running run, else the newest one. */
export async function refreshRuns(ctx: ActionContext, quiet = false): Promise<void> {
  let runs: TrainRun[];
  try {
    ({ runs } = await ctx.api.invoke('train.list', {}));
  } catch (err) {
    if (!quiet) reportError(ctx, err, 'Listing training runs');
    return;
  }
  const current = ctx.store.getState().training.runId;
  const pick = current ?? runs.find((r) => isActive(r.state))?.runId ?? runs.at(-1)?.runId;
  acceptRuns(ctx, runs, pick);
  if (pick) void loadRunHistory(ctx, pick);
  const picked = runs.find((r) => r.runId === pick);
  if (picked && !current && !ctx.store.getState().training.config)
    setTrain(ctx, { folder: picked.folder, config: picked.config });
}

export async function startRun(ctx: ActionContext): Promise<void> {
  const t = ctx.store.getState().training;
  const folder = t.scannedFolder ?? t.folder.trim();
  if (!folder || !t.config) return;
  const config = t.config;
  const res = await runJob(
    ctx,
    'Starting training',
    () => ctx.api.invoke('train.start', { folder, config }),
    false,
  );
  if (res) acceptRuns(ctx, [res.run], res.run.runId);
}

export async function controlRun(
  ctx: ActionContext,
  action: 'pause' | 'resume' | 'cancel',
): Promise<void> {
  const runId = ctx.store.getState().training.runId;
  if (!runId) return;
  const doing = { pause: 'Pausing', resume: 'Resuming', cancel: 'Stopping' }[action];
  try {
    const res = await ctx.api.invoke('train.control', { runId, action });
    acceptRuns(ctx, [res.run]);
  } catch (err) {
    reportError(ctx, err, `${doing} the run`);
  }
}

/** Continues a stopped or failed run from its last checkpoint: same folder, same out folder. */
export async function resumeStopped(ctx: ActionContext): Promise<void> {
  const t = ctx.store.getState().training;
  const old = t.runId ? t.runs[t.runId] : undefined;
  if (!old) return;
  const res = await runJob(
    ctx,
    'Resuming training',
    () =>
      ctx.api.invoke('train.start', {
        folder: old.folder,
        config: old.config,
        out: old.out,
        resume: true,
      }),
    false,
  );
  if (!res) return;
  const { run } = res;
  if (run.runId !== old.runId) {
    // A new run id for the same out folder: carry the curves and preview over.
    const carried = t.live[old.runId];
    if (carried)
      patchLive(ctx, run.runId, (l) => ({
        history: carried.history,
        preview: l.preview ?? carried.preview,
        metrics: l.metrics ?? carried.metrics,
      }));
  }
  acceptRuns(ctx, [run], run.runId);
}

export function selectRun(ctx: ActionContext, runId: string): void {
  setTrain(ctx, { runId });
  void loadRunHistory(ctx, runId);
}

/**
 * Opens a run's model in Explore: a finished run's model is already in the library (the engine
 * imports it before saying "finished"); otherwise train.openModel exports the latest checkpoint.
 * Either way the picker is reloaded and the model selected.
 */
export async function openRunModel(ctx: ActionContext, checkpoint: boolean): Promise<void> {
  const t = ctx.store.getState().training;
  const runId = t.runId;
  if (!runId) return;
  const view = runView(t, runId);
  const known = checkpoint ? null : (view?.modelId ?? null);
  if (view?.config.family === 'text') {
    // A text model is in the text library (the engine put it there when the run finished).
    if (!known) return;
    ctx.store.setState({ screen: 'text' });
    await loadTextModels(ctx, known);
    toast(ctx, 'success', 'The trained text model is ready: type a prompt.');
    return;
  }
  let modelId = known;
  if (!modelId) {
    const label = checkpoint ? 'Exporting the latest checkpoint' : 'Adding the trained model';
    const res = await runJob(
      ctx,
      label,
      () => ctx.api.invoke('train.openModel', { runId, checkpoint }),
      false,
    );
    if (!res) return;
    modelId = res.model.id;
    if (!checkpoint) patchLive(ctx, runId, () => ({ modelId: res.model.id }));
  }
  const models = await reloadModels(ctx);
  const model = models?.find((m) => m.id === modelId);
  if (!model) return;
  ctx.store.setState({ screen: 'explore' });
  toast(ctx, 'success', `Exploring "${model.name}".`);
  await selectModel(ctx, model.id);
}

async function reloadModels(ctx: ActionContext): Promise<ModelInfo[] | null> {
  try {
    const { models } = await ctx.api.invoke('models.list', {});
    ctx.store.setState({ models });
    return models;
  } catch (err) {
    reportError(ctx, err, 'Refreshing the model list');
    return null;
  }
}
