import type { ChannelName, Req, StudioApi } from '../../../main/contract/channels';
import type { Store } from '../state/store';
import type { DiffusionState } from './diffusion-store';

/** Channels that render a model's latents: for a diffusion model they carry the sampler settings. */
const SAMPLED = new Set<ChannelName>([
  'render.frame',
  'render.grid',
  'render.strip',
  'export.images',
  'export.frames',
  'export.animation',
  'diffusion.denoise',
]);

/**
 * Wraps the studio api in one place so every existing action (grid, canvas probe, strip, export,
 * PNG drop) samples diffusion models with the chosen sampler, steps and eta:
 * - requests for a diffusion model without their own `sampling` get the store's choice;
 * - a PNG read back with sampling metadata sets the store to it, so the render that restores the
 *   image uses exactly the settings that made it (same pixels).
 */
export function withDiffusionSampling(
  api: StudioApi,
  isDiffusion: (modelId: string) => boolean,
  store: Store<DiffusionState>,
): StudioApi {
  return {
    on: (event, listener) => api.on(event, listener),
    async invoke<C extends ChannelName>(channel: C, request: Req<C>) {
      let sent = request;
      if (SAMPLED.has(channel)) {
        const r = request as Req<C> & { modelId: string; sampling?: unknown };
        if (r.sampling === undefined && isDiffusion(r.modelId))
          sent = { ...r, sampling: store.get().sampling };
      }
      const response = await api.invoke(channel, sent);
      if (channel === 'png.read') {
        const sampling = (
          response as { metadata: { sampling?: DiffusionState['sampling'] } | null }
        ).metadata?.sampling;
        if (sampling) store.set({ sampling: { ...sampling } });
      }
      return response;
    },
  };
}
