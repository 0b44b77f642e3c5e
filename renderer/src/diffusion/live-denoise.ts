import type { ActionContext } from '../actions/context';
import { runJob } from '../actions/context';
import { selectedItems } from '../state/studio';
import type { Store } from '../state/store';
import { idleLive, type DiffusionState } from './diffusion-store';

/**
 * Live denoising: the first selected image (or the current seed) is sampled once more, step by
 * step, and every `diffusion.step` event of this job replaces the frame shown, so the image is
 * seen sharpening from noise. Cancel (here or on the progress bar) stops it between steps.
 */
export async function denoiseLive(ctx: ActionContext, store: Store<DiffusionState>): Promise<void> {
  const state = ctx.store.get();
  const modelId = state.modelId;
  if (!modelId || store.get().live.jobId) return;
  const item = selectedItems(state)[0];
  const latent = item?.latent ?? {
    kind: 'seed' as const,
    seed: state.seed,
    truncation: state.truncation,
  };
  const off = ctx.api.on('diffusion.step', (e) => {
    if (e.jobId !== store.get().live.jobId) return;
    store.set({
      live: { jobId: e.jobId, step: e.step, total: e.total, timestep: e.timestep, frame: e.frame },
    });
  });
  try {
    await runJob(ctx, `Denoising ${item ? item.label : `seed ${state.seed}`}`, async (jobId) => {
      store.set({ live: { ...idleLive, jobId: jobId ?? null } });
      const res = await ctx.api.invoke('diffusion.denoise', { modelId, latent, jobId: jobId! });
      store.set((s) => ({
        live: { ...s.live, frame: res.frame, step: res.steps, total: res.steps },
      }));
    });
  } finally {
    off();
    store.set((s) => ({ live: { ...s.live, jobId: null } }));
  }
}
