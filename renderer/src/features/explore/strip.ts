import type { LatentSpec } from '../../../../main/contract/latent-spec';
import { runJob, setDoc, toast, type ActionContext } from '../../app/context';
import type { Interpolation } from '../../store/doc';
import { selectedImages } from '../../store/selectors';
import { say, savedWords } from './say';

/** Waypoints for a strip: the selection in order (two or more); else `fallback`. */
function waypointsOrSay(
  ctx: ActionContext,
  fallback?: LatentSpec[],
): { latents: LatentSpec[]; keys: string[] } | null {
  const images = selectedImages(ctx.store.getState().doc);
  if (images.length < 2 && fallback) return { latents: fallback, keys: [] };
  if (images.length < 2) {
    toast(ctx, 'info', 'Select two or more images (in order) to interpolate between them.');
    return null;
  }
  const chosen = images.slice(0, 64);
  return { latents: chosen.map((i) => i.latent), keys: chosen.map((i) => i.key) };
}

export function setStripSettings(
  ctx: ActionContext,
  patch: Partial<{ frames: number; method: Interpolation; loop: boolean }>,
): void {
  setDoc(
    ctx,
    (doc) => ({ strip: { ...doc.strip, ...patch } }),
    `strip.${Object.keys(patch).join()}`,
  );
}

export async function renderStrip(ctx: ActionContext): Promise<void> {
  const { doc } = ctx.store.getState();
  const waypoints = waypointsOrSay(ctx);
  if (!doc.modelId || !waypoints) return;
  setDoc(ctx, (d) => ({ strip: { ...d.strip, waypoints: waypoints.keys } }));
  await renderStripOf(ctx, waypoints.latents);
}

/** Renders the document's strip again (after undo, a reload or opening a project). */
export async function renderDocStrip(ctx: ActionContext): Promise<void> {
  const { doc, strip } = ctx.store.getState();
  const latents = doc.strip.waypoints.map((k) => doc.images[k]?.latent);
  if (latents.length < 2 || latents.some((l) => l === undefined)) {
    if (strip) ctx.store.setState({ strip: null });
    return;
  }
  await renderStripOf(ctx, latents as LatentSpec[]);
}

async function renderStripOf(ctx: ActionContext, waypoints: LatentSpec[]): Promise<void> {
  const { modelId, strip } = ctx.store.getState().doc;
  if (!modelId) return;
  const { frames, method, loop } = strip;
  const res = await runJob(ctx, `Rendering ${frames} interpolation frames`, (jobId) =>
    ctx.api.invoke('render.strip', { modelId, waypoints, frames, method, loop, jobId }),
  );
  if (res) ctx.store.setState({ strip: { frames: res.frames, index: 0, waypoints } });
}

export function setStripIndex(ctx: ActionContext, index: number): void {
  ctx.store.setState((s) => (s.strip ? { strip: { ...s.strip, index } } : {}));
}

/** What a strip export renders: the current selection wins; without one, the strip on screen. */
function stripExportRequest(ctx: ActionContext) {
  const { doc, strip } = ctx.store.getState();
  const waypoints = waypointsOrSay(ctx, strip?.waypoints);
  if (!doc.modelId || !waypoints) return null;
  const { frames, method, loop } = doc.strip;
  return { modelId: doc.modelId, waypoints: waypoints.latents, frames, method, loop };
}

export async function exportStripFrames(ctx: ActionContext): Promise<void> {
  const request = stripExportRequest(ctx);
  if (!request) return;
  // The engine walks the strip itself (stripLatents), so exported frames are exactly those shown.
  const res = await runJob(ctx, `Exporting ${request.frames} frames`, (jobId) =>
    ctx.api.invoke('export.frames', { ...request, jobId }),
  );
  if (res) say(ctx, savedWords(res.files, res.dir));
}

export async function exportAnimation(
  ctx: ActionContext,
  format: 'gif' | 'apng',
  fps = 12,
): Promise<void> {
  const request = stripExportRequest(ctx);
  if (!request) return;
  const label = format === 'gif' ? 'GIF' : 'APNG';
  const res = await runJob(ctx, `Exporting ${label} (${request.frames} frames)`, (jobId) =>
    ctx.api.invoke('export.animation', { ...request, format, fps, jobId }),
  );
  if (res) say(ctx, `Saved ${label} to ${res.file}`);
}
