import type { ChannelName, Req, StudioApi } from '../../../../main/contract/channels';
import type { StudioStore } from '../../store/store';

/** Channels that render a model's latents and take the sampler settings of a diffusion model. */
const SAMPLED = new Set<ChannelName>([
  'render.frame',
  'render.grid',
  'render.strip',
  'render.path',
  'export.images',
  'export.download',
  'export.batch',
  'export.frames',
  'export.animation',
  'export.video',
  'export.spriteSheet',
  'diffusion.denoise',
]);

/**
 * Wraps the studio api in one place so every action (grid, canvas probe, strip, export, PNG
 * drop) samples diffusion models with the chosen sampler, steps and eta:
 * - requests for a diffusion model without their own `sampling` get the store's choice;
 * - a PNG read back with sampling metadata sets the store to it, so the render that restores the
 *   image uses exactly the settings that made it (same pixels).
 */
export function withDiffusionSampling(api: StudioApi, store: StudioStore): StudioApi {
  const isDiffusion = (modelId: string) =>
    store.getState().models.some((m) => m.id === modelId && m.kind === 'diffusion');
  return {
    on: (event, listener) => api.on(event, listener),
    async invoke<C extends ChannelName>(channel: C, request: Req<C>) {
      let sent = request;
      if (SAMPLED.has(channel)) {
        const r = request as Req<C> & { modelId: string; sampling?: unknown };
        if (r.sampling === undefined && isDiffusion(r.modelId))
          sent = { ...r, sampling: store.getState().doc.diffusionSampling };
      }
      const response = await api.invoke(channel, sent);
      if (channel === 'png.read') {
        const sampling = (response as { metadata: { sampling?: Record<string, unknown> } | null })
          .metadata?.sampling;
        if (sampling)
          store.setState((s) => ({
            doc: { ...s.doc, diffusionSampling: { ...sampling } },
            project: { ...s.project, dirty: true },
          }));
      }
      return response;
    },
  };
}
