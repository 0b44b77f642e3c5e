import { StudioError, type StudioApi } from '../../../main/contract/channels';
import type { ProjectDoc } from '../store/doc';
import type { Toast } from '../store/state';
import type { StudioStore } from '../store/store';

/** What every action takes: the engine (through the contract) and the one store. */
export interface ActionContext {
  api: StudioApi;
  store: StudioStore;
}

/**
 * Changes the project document: one undo step (or part of the current gesture; with `coalesce`,
 * merged with the previous change under the same key when it came moments ago).
 */
export function setDoc(
  ctx: ActionContext,
  patch: Partial<ProjectDoc> | ((doc: ProjectDoc) => Partial<ProjectDoc>),
  coalesce?: string,
): void {
  if (coalesce) ctx.store.history.coalesceNext(coalesce);
  ctx.store.setState((s) => {
    const next = typeof patch === 'function' ? patch(s.doc) : patch;
    return { doc: { ...s.doc, ...next }, project: { ...s.project, dirty: true } };
  });
}

let nextToast = 1;
let nextToken = 1;
let nextJob = 1;

export function toast(ctx: ActionContext, kind: Toast['kind'], text: string, ms = 4000): void {
  const id = nextToast++;
  if (kind === 'error')
    ctx.store.setState((s) => ({ errors: [...s.errors, { id, kind, text }].slice(-4) }));
  else ctx.store.setState((s) => ({ toasts: [...s.toasts, { id, kind, text }].slice(-4) }));
  if (ms > 0) setTimeout(() => dismiss(ctx, id), ms);
}

export function dismiss(ctx: ActionContext, id: number): void {
  ctx.store.setState((s) => ({
    toasts: s.toasts.filter((t) => t.id !== id),
    errors: s.errors.filter((t) => t.id !== id),
  }));
}

/** Shows a failure in words. Superseded live frames are silent; cancellations are only noted. */
export function reportError(ctx: ActionContext, err: unknown, doing: string): void {
  if (err instanceof StudioError && err.code === 'SUPERSEDED') return;
  if (err instanceof StudioError && err.code === 'CANCELLED') {
    toast(ctx, 'info', `${doing} was cancelled.`);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  toast(ctx, 'error', `${doing} failed: ${message}`, 9000);
}

/**
 * Runs one engine call under a progress entry (shown by the UI after half a second). When
 * `withJob` is set the call gets a jobId, so job.progress events fill the bar and Cancel works.
 * Returns undefined when the call failed (the failure has been reported).
 */
export async function runJob<T>(
  ctx: ActionContext,
  label: string,
  fn: (jobId: string | undefined) => Promise<T>,
  withJob = true,
): Promise<T | undefined> {
  const token = nextToken++;
  const jobId = withJob ? `job-${Date.now().toString(36)}-${nextJob++}` : undefined;
  ctx.store.setState((s) => ({
    progress: [
      ...s.progress,
      { token, jobId: jobId ?? null, label, done: 0, total: 0, startedAt: Date.now() },
    ],
  }));
  try {
    const result = await fn(jobId);
    clearErrors(ctx);
    return result;
  } catch (err) {
    reportError(ctx, err, label);
    return undefined;
  } finally {
    ctx.store.setState((s) => ({ progress: s.progress.filter((p) => p.token !== token) }));
  }
}

/** A later action that succeeded makes earlier failure messages stale: they go. */
export function clearErrors(ctx: ActionContext): void {
  const { errors, exportStatus } = ctx.store.getState();
  if (errors.length > 0 || exportStatus !== '')
    ctx.store.setState({ errors: [], exportStatus: '' });
}

export function watchProgress(ctx: ActionContext): () => void {
  return ctx.api.on('job.progress', (e) => {
    ctx.store.setState((s) => ({
      progress: s.progress.map((p) =>
        p.jobId === e.jobId ? { ...p, done: e.done, total: e.total, label: e.label || p.label } : p,
      ),
    }));
  });
}

export async function cancelJob(ctx: ActionContext, jobId: string): Promise<void> {
  try {
    await ctx.api.invoke('job.cancel', { jobId });
  } catch (err) {
    reportError(ctx, err, 'Cancelling');
  }
}

export function randomSeed(): number {
  const buf = new Uint32Array(1);
  crypto.getRandomValues(buf);
  return buf[0] ?? 0;
}
