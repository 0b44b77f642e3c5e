import { join } from 'node:path';
import { StudioError, type Handlers } from '../../contract/channels';
import { animationFormatOf, writeAnimation } from '../export/export-animation';
import { pngMetadataFor, writePngs } from '../export/export-images';
import { metadataText } from '../image/png-metadata';
import { resolveLatent } from '../latent/resolve';
import { folderStamp, renderAsJob, samplingUsed, stripPath } from './render-job';
import type { StudioContext } from './studio-context';

export function exportHandlers(
  ctx: StudioContext,
): Pick<Handlers, 'export.images' | 'export.frames' | 'export.animation'> {
  return {
    async 'export.images'({ modelId, items, dir, sampling, jobId }) {
      const { info, generator } = await ctx.library.generator(modelId);
      const resolved = items.map((item) => resolveLatent(item.latent, generator.props.latentDim));
      const zs = resolved.map((r) => r.z);
      const used = samplingUsed(generator, sampling);
      const images = await renderAsJob(ctx, generator, zs, jobId, 'Exporting', used);
      const target = dir ?? join(ctx.dataDir, 'exports', folderStamp());
      const files = await writePngs(
        target,
        info,
        images.map((image, i) => ({ image, latent: resolved[i]!, name: items[i]?.name })),
        used,
      );
      return { files, dir: target, ...(used && { sampling: used }) };
    },

    async 'export.frames'({ modelId, waypoints, frames, method, loop, dir, sampling, jobId }) {
      const { info, generator } = await ctx.library.generator(modelId);
      const path = stripPath(generator, waypoints, frames, method, loop);
      const used = samplingUsed(generator, sampling);
      const images = await renderAsJob(ctx, generator, path, jobId, 'Exporting frames', used);
      const target = dir ?? join(ctx.dataDir, 'exports', folderStamp());
      const items = images.map((image, i) => ({
        image,
        latent: { z: path[i]!, seed: null, truncation: null },
        name: `frame-${String(i + 1).padStart(4, '0')}`,
      }));
      return { files: await writePngs(target, info, items, used), dir: target };
    },

    async 'export.animation'({
      modelId,
      waypoints,
      frames,
      method,
      format,
      fps,
      loop,
      file,
      sampling,
      jobId,
    }) {
      if (file && animationFormatOf(file) === null) {
        throw new StudioError('BAD_REQUEST', `"${file}" must end in .gif, .png or .apng`);
      }
      const { info, generator } = await ctx.library.generator(modelId);
      const path = stripPath(generator, waypoints, frames, method, loop);
      const used = samplingUsed(generator, sampling);
      const images = await renderAsJob(ctx, generator, path, jobId, 'Rendering animation', used);
      const target =
        file ??
        join(ctx.dataDir, 'exports', `${folderStamp()}.${format === 'gif' ? 'gif' : 'png'}`);
      // The first waypoint's latent goes into the APNG's metadata, so dropping it restores that end.
      const first = resolveLatent(waypoints[0]!, generator.props.latentDim);
      const text = metadataText(pngMetadataFor(info, first, used));
      await writeAnimation(target, images, { format, fps: fps ?? 12, loop: true, text });
      return { file: target };
    },
  };
}
