import { StudioError } from '../../../../main/contract/channels';
import type { LatentSpec } from '../../../../main/contract/latent-spec';
import { cancelJob, runJob, type ActionContext } from '../../app/context';
import { currentModel } from '../../store/selectors';
import type { StudioState } from '../../store/state';
import type { PixelCnnLive } from '../../store/text';

export function setPixelCnn(ctx: ActionContext, patch: Partial<PixelCnnLive>): void {
  ctx.store.setState((s) => ({ pixelcnn: { ...s.pixelcnn, ...patch } }));
}

export function isPixelCnn(state: StudioState): boolean {
  return currentModel(state)?.autoregressive !== undefined;
}

/**
 * Samples `count` images of the selected PixelCNN live: seeds from the sampling panel's seed on
 * (the latent is the sampling noise, so the same seed gives the same image as the grid). Every
 * `pixelcnn.row` event of this job replaces the images shown, drawn down to the rows made; Cancel
 * stops between sub-pixels. With a completion path, the top rows of that image are kept and each
 * seed completes the rest, side by side.
 */
export async function sampleLive(ctx: ActionContext): Promise<void> {
  const state = ctx.store.getState();
  const modelId = state.doc.modelId;
  const live = state.pixelcnn;
  if (!modelId || live.jobId || !isPixelCnn(state)) return;
  const { seed } = state.doc.sampling;
  const latents: LatentSpec[] = Array.from({ length: live.count }, (_, i) => ({
    kind: 'seed',
    seed: (seed + i) % 0x1_0000_0000,
    truncation: 1,
  }));
  const path = live.completePath.trim();
  const complete = path ? { image: path, rows: live.keepRows } : undefined;
  let failure: unknown = null;
  const off = ctx.api.on('pixelcnn.row', (e) => {
    if (e.jobId !== ctx.store.getState().pixelcnn.jobId) return;
    setPixelCnn(ctx, { done: e.row + 1, rows: e.rows, frames: e.frames });
  });
  try {
    const label = complete ? 'Completing the image' : 'Sampling pixel by pixel';
    const res = await runJob(ctx, label, async (jobId) => {
      setPixelCnn(ctx, { jobId: jobId ?? null, done: 0, rows: 0, frames: [], status: 'running' });
      try {
        return await ctx.api.invoke('pixelcnn.sample', {
          modelId,
          latents,
          jobId,
          ...(live.temperature !== null && { temperature: live.temperature }),
          ...(complete && { complete }),
        });
      } catch (err) {
        failure = err;
        throw err;
      }
    });
    if (res) {
      const rows = res.frames[0]?.height ?? 0;
      setPixelCnn(ctx, { frames: res.frames, done: rows, rows, status: 'done' });
    } else {
      const cancelled = failure instanceof StudioError && failure.code === 'CANCELLED';
      setPixelCnn(ctx, { status: cancelled ? 'cancelled' : 'failed' });
    }
  } finally {
    off();
    setPixelCnn(ctx, { jobId: null });
  }
}

export async function cancelLive(ctx: ActionContext): Promise<void> {
  const { jobId } = ctx.store.getState().pixelcnn;
  if (jobId) await cancelJob(ctx, jobId);
}
