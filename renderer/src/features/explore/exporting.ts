import { runJob, toast, type ActionContext } from '../../app/context';
import { selectedImages } from '../../store/selectors';
import { say, savedWords } from './say';

export async function exportSelected(ctx: ActionContext): Promise<void> {
  const { doc } = ctx.store.getState();
  const images = selectedImages(doc);
  if (!doc.modelId) return;
  if (images.length === 0) {
    toast(ctx, 'info', 'Select one or more images to export them as PNG.');
    return;
  }
  const modelId = doc.modelId;
  const res = await runJob(
    ctx,
    `Exporting ${images.length} PNG${images.length === 1 ? '' : 's'}`,
    (jobId) =>
      ctx.api.invoke('export.images', {
        modelId,
        items: images.map((i) => ({ latent: i.latent, name: i.name })),
        jobId,
      }),
  );
  if (res) say(ctx, savedWords(res.files, res.dir));
}
