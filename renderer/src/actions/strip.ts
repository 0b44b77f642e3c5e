import type { LatentSpec } from '../../../main/contract/latent-spec';
import { stripPositions } from '../geometry';
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

/** The latent of each strip frame, so "Export frames" saves exactly the frames on screen. */
export function stripLatents(
  waypoints: LatentSpec[],
  frames: number,
  method: 'lerp' | 'slerp',
  loop: boolean,
): LatentSpec[] {
  return stripPositions(waypoints.length, frames, loop).map(({ segment, t }) => ({
    kind: 'mix',
    method,
    a: waypoints[segment]!,
    b: waypoints[(segment + 1) % waypoints.length]!,
    t,
  }));
}

export async function exportStripFrames(ctx: ActionContext): Promise<void> {
  const {
    modelId,
    stripFrames: frames,
    stripMethod: method,
    stripLoop: loop,
    strip,
  } = ctx.store.get();
  // The current selection wins; without one, export the strip on screen.
  const waypoints = waypointsOrSay(ctx, strip?.waypoints);
  if (!modelId || !waypoints) return;
  const latents = stripLatents(waypoints, frames, method, loop);
  const items = latents.map((latent, i) => ({
    latent,
    name: `frame-${String(i + 1).padStart(3, '0')}`,
  }));
  const res = await runJob(ctx, `Exporting ${items.length} frames`, (jobId) =>
    ctx.api.invoke('export.images', { modelId, items, jobId }),
  );
  if (res)
    say(ctx, `Saved ${res.files.length} file${res.files.length === 1 ? '' : 's'} to ${res.dir}`);
}

export async function exportAnimation(
  ctx: ActionContext,
  format: 'gif' | 'apng',
  fps = 12,
): Promise<void> {
  const {
    modelId,
    stripFrames: frames,
    stripMethod: method,
    stripLoop: loop,
    strip,
  } = ctx.store.get();
  // The current selection wins; without one, export the strip on screen.
  const waypoints = waypointsOrSay(ctx, strip?.waypoints);
  if (!modelId || !waypoints) return;
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
