import { runJob, type ActionContext } from '../../app/context';
import type { JobExport } from '../../store/training';
import { setTrain } from './training';

/** Opens the "Export as PyTorch job" panel for the run on the dashboard. */
export function openJobExport(ctx: ActionContext): void {
  const runId = ctx.store.getState().training.runId;
  if (!runId) return;
  setTrain(ctx, (t) => ({
    jobExport: { runId, into: t.jobExport?.into ?? '', result: null },
  }));
}

export function closeJobExport(ctx: ActionContext): void {
  setTrain(ctx, { jobExport: null });
}

export function setJobExport(ctx: ActionContext, patch: Partial<Pick<JobExport, 'into'>>): void {
  setTrain(ctx, (t) => (t.jobExport ? { jobExport: { ...t.jobExport, ...patch } } : {}));
}

/**
 * train.exportJob: the run's newest checkpoint as a PyTorch job folder, inside the chosen folder
 * (one that exists on the engine's machine) or the data folder's jobs/. The answer (folder, files,
 * launch commands of its README) stays in the panel.
 */
export async function exportJob(ctx: ActionContext): Promise<void> {
  const job = ctx.store.getState().training.jobExport;
  if (!job) return;
  const into = job.into.trim();
  const result = await runJob(
    ctx,
    'Exporting the PyTorch job',
    () => ctx.api.invoke('train.exportJob', { runId: job.runId, ...(into && { into }) }),
    false,
  );
  if (!result) return;
  setTrain(ctx, (t) =>
    t.jobExport?.runId === job.runId ? { jobExport: { ...t.jobExport, result } } : {},
  );
}

/** The desktop's folder dialog fills the field (the browser shell types a path). */
export async function chooseJobFolder(
  ctx: ActionContext,
  pick: () => Promise<string | null>,
): Promise<void> {
  const path = await pick();
  if (path) setJobExport(ctx, { into: path });
}
