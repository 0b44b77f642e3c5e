import { selectedItems } from '../state/studio';
import { runJob, toast, type ActionContext } from './context';
import { say } from './strip';

export async function exportSelected(ctx: ActionContext): Promise<void> {
  const state = ctx.store.get();
  const items = selectedItems(state);
  if (!state.modelId) return;
  if (items.length === 0) {
    toast(ctx, 'info', 'Select one or more images to export them as PNG.');
    return;
  }
  const modelId = state.modelId;
  const res = await runJob(
    ctx,
    `Exporting ${items.length} PNG${items.length === 1 ? '' : 's'}`,
    (jobId) =>
      ctx.api.invoke('export.images', {
        modelId,
        items: items.map((i) => ({ latent: i.latent, name: i.name })),
        jobId,
      }),
  );
  if (res)
    say(ctx, `Saved ${res.files.length} file${res.files.length === 1 ? '' : 's'} to ${res.dir}`);
}
