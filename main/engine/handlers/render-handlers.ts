import type { Handlers } from '../../contract/channels';
import { gridSeeds, resolveLatent } from '../latent/resolve';
import { renderInteractive } from '../render/render-latents';
import { renderAsJob, stripPath } from './render-job';
import type { StudioContext } from './studio-context';
import type { RgbaImage } from '../image/png';

const toFrame = (image: RgbaImage, seed: number | null) => ({ ...image, seed });

/** Frames without a stream are never superseded: each gets a stream of its own. */
let unstreamed = 0;

export function renderHandlers(
  ctx: StudioContext,
): Pick<Handlers, 'render.frame' | 'render.grid' | 'render.strip'> {
  return {
    async 'render.frame'({ modelId, latent, stream, sampling }) {
      const { generator } = await ctx.library.generator(modelId);
      const resolved = resolveLatent(latent, generator.props.latentDim);
      const image = await renderInteractive(
        generator,
        ctx.scheduler,
        stream ?? `single-${unstreamed++}`,
        resolved.z,
        sampling,
      );
      return { frame: toFrame(image, resolved.seed) };
    },

    async 'render.grid'({ modelId, seed, count, truncation, sampling, jobId }) {
      const { generator } = await ctx.library.generator(modelId);
      const seeds = gridSeeds(seed, count);
      const latents = seeds.map(
        (s) => resolveLatent({ kind: 'seed', seed: s, truncation }, generator.props.latentDim).z,
      );
      const images = await renderAsJob(ctx, generator, latents, jobId, 'Sampling', sampling);
      return { frames: images.map((image, i) => toFrame(image, seeds[i] ?? null)) };
    },

    async 'render.strip'({ modelId, waypoints, frames, method, loop, sampling, jobId }) {
      const { generator } = await ctx.library.generator(modelId);
      const path = stripPath(generator, waypoints, frames, method, loop);
      const images = await renderAsJob(ctx, generator, path, jobId, 'Interpolating', sampling);
      return { frames: images.map((image) => toFrame(image, null)) };
    },
  };
}
