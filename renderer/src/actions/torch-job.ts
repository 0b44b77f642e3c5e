import type { RunView } from '../state/training';
import { runView } from '../state/training';
import type { StudioState } from '../state/studio';
import { runJob, toast, type ActionContext } from './context';

/**
 * A run can leave for a GPU machine once it has a checkpoint: the export starts the PyTorch job
 * from the run's newest good one (weights, Adam state, step, data order).
 */
export function hasCheckpoint(run: RunView | null): boolean {
  if (!run || run.state === 'starting') return false;
  return run.state === 'finished' || (run.progress?.step ?? 0) >= run.config.checkpointEvery;
}

export function selectedRun(state: StudioState): RunView | null {
  return runView(state.training, state.training.runId);
}

/**
 * train.exportJob: writes the selected run as a PyTorch job folder (under the data folder's
 * jobs/) and says where it is and how to launch it; the job's README.md has every command.
 */
export async function exportRunJob(ctx: ActionContext): Promise<void> {
  const run = selectedRun(ctx.store.get());
  if (!run) return;
  const res = await runJob(
    ctx,
    'Exporting the run as a PyTorch job',
    () => ctx.api.invoke('train.exportJob', { runId: run.runId }),
    false,
  );
  if (!res) return;
  toast(
    ctx,
    'success',
    `PyTorch job (from step ${res.startStep}, to ${res.steps}) written to ${res.dir}. ` +
      `Copy it to the GPU machine and run: ${res.commands.gpus.replace(/^cd \S+ && /, '')} — ` +
      `${res.readme} has every launch command and how to bring the result back.`,
    0,
  );
}
