import { runJob, setDoc, toast, type ActionContext } from '../../app/context';
import type { ExportSettings } from '../../store/doc';
import { selectedImages } from '../../store/selectors';
import { inDesktopShell } from '../../app/platform';
import { saveAsDownload } from './download';
import { downloadWords, say, savedWords } from './say';

/** Exports download to the browser when the page is the browser shell and no folder is typed. */
export function downloads(folder: string): boolean {
  return !inDesktopShell() && folder.trim() === '';
}

export function setExportSettings(ctx: ActionContext, patch: Partial<ExportSettings>): void {
  setDoc(
    ctx,
    (doc) => ({ exportSettings: { ...doc.exportSettings, ...patch } }),
    `export.${Object.keys(patch).join()}`,
  );
}

/**
 * The selection as PNGs (each carrying its exact latent): into the chosen folder (else a new
 * folder in the data folder's exports), named by the template, at the chosen size. Every model
 * kind takes the same path: a diffusion model's sampler, steps and eta are added to the request
 * by the api wrapper (features/diffusion/sampling-api.ts), rendered with and recorded in each PNG.
 */
export async function exportSelected(ctx: ActionContext, overwrite = false): Promise<void> {
  const { doc } = ctx.store.getState();
  const images = selectedImages(doc);
  if (!doc.modelId) return;
  if (images.length === 0) {
    toast(ctx, 'info', 'Select one or more images to export them as PNG.');
    return;
  }
  const modelId = doc.modelId;
  const { folder, template, scale, filter } = doc.exportSettings;
  const label = `Exporting ${images.length} PNG${images.length === 1 ? '' : 's'}`;
  // The browser shell with no folder typed: the PNGs come back as a download (the engine may
  // be on another machine, reached through an SSH tunnel; the user's files belong on theirs).
  if (downloads(folder)) {
    const res = await runJob(ctx, label, (jobId) =>
      ctx.api.invoke('export.download', {
        modelId,
        items: images.map((i) => ({ latent: i.latent, name: i.name, lineage: i.lineage })),
        template,
        scale,
        filter,
        jobId,
      }),
    );
    if (!res) return;
    saveAsDownload(res.bytes, res.fileName, res.mime);
    say(ctx, downloadWords(res.files.length, res.fileName, res.width, res.height));
    return;
  }
  const res = await runJob(ctx, label, (jobId) =>
    ctx.api.invoke('export.batch', {
      modelId,
      // Each PNG carries its lineage beside its latent, so the family tree travels with it.
      items: images.map((i) => ({ latent: i.latent, name: i.name, lineage: i.lineage })),
      dir: folder.trim() || undefined,
      template,
      scale,
      filter,
      overwrite,
      jobId,
    }),
  );
  if (res) say(ctx, savedWords(res.files, res.dir));
}
