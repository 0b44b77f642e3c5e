import type { SamplingRequest } from '../../../../main/contract/channels';
import { runJob, setDoc, type ActionContext } from '../../app/context';
import type { DiffusionState, LiveDenoise } from '../../store/state';
import { currentModel } from '../../store/selectors';

export const idleLive: LiveDenoise = {
  jobId: null,
  step: 0,
  total: 0,
  timestep: null,
  frame: null,
};

function setDiffusion(
  ctx: ActionContext,
  patch: Partial<DiffusionState> | ((d: DiffusionState) => Partial<DiffusionState>),
): void {
  ctx.store.setState((s) => ({
    diffusion: { ...s.diffusion, ...(typeof patch === 'function' ? patch(s.diffusion) : patch) },
  }));
}

/**
 * The sampler settings every render of a diffusion model uses (missing fields: its defaults). A
 * document change: one undo step per field edited (typing "50" is one step), saved in the project.
 */
export function setDiffusionSampling(ctx: ActionContext, patch: Partial<SamplingRequest>): void {
  const field = Object.keys(patch).join(',');
  setDoc(
    ctx,
    (doc) => ({ diffusionSampling: { ...doc.diffusionSampling, ...patch } }),
    `diffusion.${field}`,
  );
}

/**
 * Live denoising: the newest selected image (or the current seed) is sampled once more, step by
 * step, and every `diffusion.step` event of this job replaces the frame shown, so the image is
 * seen sharpening from noise. Cancel (here or on the progress bar) stops it between steps.
 */
export async function denoiseLive(ctx: ActionContext): Promise<void> {
  const state = ctx.store.getState();
  const modelId = state.doc.modelId;
  if (!modelId || state.diffusion.live.jobId || !currentModel(state)?.diffusion) return;
  const key = state.doc.selection.at(-1);
  const image = key ? state.doc.images[key] : undefined;
  const { seed, truncation } = state.doc.sampling;
  const latent = image?.latent ?? { kind: 'seed' as const, seed, truncation };
  const off = ctx.api.on('diffusion.step', (e) => {
    if (e.jobId !== ctx.store.getState().diffusion.live.jobId) return;
    setDiffusion(ctx, {
      live: { jobId: e.jobId, step: e.step, total: e.total, timestep: e.timestep, frame: e.frame },
    });
  });
  try {
    await runJob(ctx, `Denoising ${image ? image.label : `seed ${seed}`}`, async (jobId) => {
      setDiffusion(ctx, { live: { ...idleLive, jobId: jobId ?? null } });
      const res = await ctx.api.invoke('diffusion.denoise', { modelId, latent, jobId: jobId! });
      setDiffusion(ctx, (d) => ({
        live: { ...d.live, frame: res.frame, step: res.steps, total: res.steps },
      }));
    });
  } finally {
    off();
    setDiffusion(ctx, (d) => ({ live: { ...d.live, jobId: null } }));
  }
}
