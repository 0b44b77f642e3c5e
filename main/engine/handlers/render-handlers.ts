import type { Handlers } from '../../contract/channels';
import { gridSeeds, resolveLatent } from '../latent/resolve';
import { stripLatents } from '../latent/interpolate';
import { renderBatch, renderInteractive, type RenderedImage } from '../render/render-latents';
import type { StudioContext } from './studio-context';

/** Batch chunk for UI work: small enough that a live frame waits at most one chunk. */
export const UI_CHUNK = 8;

const toFrame = (image: RenderedImage, seed: number | null) => ({ ...image, seed });

/** Frames without a stream are never superseded: each gets a stream of its own. */
let unstreamed = 0;

export function renderHandlers(
  ctx: StudioContext,
): Pick<Handlers, 'render.frame' | 'render.grid' | 'render.strip'> {
  return {
    async 'render.frame'({ modelId, latent, stream }) {
      const { generator } = await ctx.library.generator(modelId);
      const resolved = resolveLatent(latent, generator.props.latentDim);
      const image = await renderInteractive(
        generator,
        ctx.scheduler,
        stream ?? `single-${unstreamed++}`,
        resolved.z,
      );
      return { frame: toFrame(image, resolved.seed) };
    },

    async 'render.grid'({ modelId, seed, count, truncation, jobId }) {
      const { generator } = await ctx.library.generator(modelId);
      const seeds = gridSeeds(seed, count);
      const latents = seeds.map(
        (s) => resolveLatent({ kind: 'seed', seed: s, truncation }, generator.props.latentDim).z,
      );
      const job = ctx.jobs.start(jobId);
      try {
        const images = await renderBatch(generator, ctx.scheduler, latents, {
          chunkSize: UI_CHUNK,
          job,
          label: 'Sampling',
        });
        return { frames: images.map((image, i) => toFrame(image, seeds[i] ?? null)) };
      } finally {
        job.finish();
      }
    },

    async 'render.strip'({ modelId, waypoints, frames, method, loop, jobId }) {
      const { generator } = await ctx.library.generator(modelId);
      const dim = generator.props.latentDim;
      const path = stripLatents(
        waypoints.map((w) => resolveLatent(w, dim).z),
        frames,
        method,
        loop,
      );
      const job = ctx.jobs.start(jobId);
      try {
        const images = await renderBatch(generator, ctx.scheduler, path, {
          chunkSize: UI_CHUNK,
          job,
          label: 'Interpolating',
        });
        return { frames: images.map((image) => toFrame(image, null)) };
      } finally {
        job.finish();
      }
    },
  };
}
