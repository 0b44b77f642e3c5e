import type { LatentSpec } from '../../../main/contract/latent-spec';
import { selectedItems } from '../state/studio';
import { runJob, toast, type ActionContext } from './context';

function waypointsOrSay(ctx: ActionContext, fallback?: LatentSpec[]): LatentSpec[] | null {
  const items = selectedItems(ctx.store.get());
  if (items.length < 2 && fallback) return fallback;
  if (items.length < 2) {
    toast(ctx, 'info', 'Select two or more images (in order) to interpolate between them.');
    return null;
  }
  return items.slice(0, 64).map((i) => i.latent);
}

export async function renderStrip(ctx: ActionContext): Promise<void> {
  const { modelId, stripFrames: frames, stripMethod: method, stripLoop: loop } = ctx.store.get();
  const waypoints = waypointsOrSay(ctx);
  if (!modelId || !waypoints) return;
  const res = await runJob(ctx, `Rendering ${frames} interpolation frames`, (jobId) =>
    ctx.api.invoke('render.strip', { modelId, waypoints, frames, method, loop, jobId }),
  );
  if (res) ctx.store.set({ strip: { frames: res.frames, index: 0, waypoints } });
}

export function setStripIndex(ctx: ActionContext, index: number): void {
  ctx.store.set((s) => (s.strip ? { strip: { ...s.strip, index } } : {}));
}

/** What a strip export renders: the current selection wins; without one, the strip on screen. */
function stripExportRequest(ctx: ActionContext) {
  const {
    modelId,
    stripFrames: frames,
    stripMethod: method,
    stripLoop: loop,
    strip,
  } = ctx.store.get();
  const waypoints = waypointsOrSay(ctx, strip?.waypoints);
  if (!modelId || !waypoints) return null;
  return { modelId, waypoints, frames, method, loop };
}

export async function exportStripFrames(ctx: ActionContext): Promise<void> {
  const request = stripExportRequest(ctx);
  if (!request) return;
  const { modelId, waypoints, frames, method, loop } = request;
  // The engine walks the strip itself (stripLatents), so exported frames are exactly those shown.
  const res = await runJob(ctx, `Exporting ${frames} frames`, (jobId) =>
    ctx.api.invoke('export.frames', { modelId, waypoints, frames, method, loop, jobId }),
  );
  if (res)
    say(ctx, `Saved ${res.files.length} file${res.files.length === 1 ? '' : 's'} to ${res.dir}`);
}

export async function exportAnimation(
  ctx: ActionContext,
  format: 'gif' | 'apng',
  fps = 12,
): Promise<void> {
  const request = stripExportRequest(ctx);
  if (!request) return;
  const { modelId, waypoints, frames, method, loop } = request;
  const label = format === 'gif' ? 'GIF' : 'APNG';
  const res = await runJob(ctx, `Exporting ${label} (${frames} frames)`, (jobId) =>
    ctx.api.invoke('export.animation', {
      modelId,
      waypoints,
      frames,
      method,
      format,
      fps,
      loop,
      jobId,
    }),
  );
  if (res) say(ctx, `Saved ${label} to ${res.file}`);
}

export function say(ctx: ActionContext, text: string): void {
  ctx.store.set({ exportStatus: text });
  toast(ctx, 'success', text);
}
