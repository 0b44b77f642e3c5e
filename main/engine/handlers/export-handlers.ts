import { join } from 'node:path';
import { type Handlers } from '../../contract/channels';
import { ANIMATION_EXTENSIONS, encodeAnimation } from '../export/export-animation';
import { pngMetadataFor, writePngs } from '../export/export-images';
import { metadataText } from '../image/png-metadata';
import {
  checkWriteTarget,
  prepareWriteFolder,
  writeBesideFile,
  writeTargetFile,
} from '../io/write-target';
import { resolveLatent } from '../latent/resolve';
import { folderStamp, renderAsJob, samplingUsed, stripPath } from './render-job';
import type { StudioContext } from './studio-context';

/**
 * Exports write where the user chose (an existing folder, or anywhere from the CLI) or into the
 * data folder; they never replace a file unless asked (`overwrite` on export.animation; batches of
 * PNGs get a counter instead, and the returned paths say so).
 */
export function exportHandlers(
  ctx: StudioContext,
): Pick<Handlers, 'export.images' | 'export.frames' | 'export.animation'> {
  const animationTarget = { policy: ctx.writes, extensions: ANIMATION_EXTENSIONS };
  const exportFolder = (dir: string | undefined) =>
    prepareWriteFolder(dir ?? join(ctx.dataDir, 'exports', folderStamp()), ctx.writes);
  return {
    async 'export.images'({ modelId, items, dir, sampling, jobId }) {
      const target = await exportFolder(dir);
      const { info, generator } = await ctx.library.generator(modelId);
      const resolved = items.map((item) => resolveLatent(item.latent, generator.props.latentDim));
      const zs = resolved.map((r) => r.z);
      const used = samplingUsed(generator, sampling);
      const images = await renderAsJob(ctx, generator, zs, jobId, 'Exporting', used);
      const files = await writePngs(
        target,
        info,
        images.map((image, i) => ({ image, latent: resolved[i]!, name: items[i]?.name })),
        used,
      );
      return { files, dir: target, ...(used && { sampling: used }) };
    },

    async 'export.frames'({ modelId, waypoints, frames, method, loop, dir, sampling, jobId }) {
      const target = await exportFolder(dir);
      const { info, generator } = await ctx.library.generator(modelId);
      const path = stripPath(generator, waypoints, frames, method, loop);
      const used = samplingUsed(generator, sampling);
      const images = await renderAsJob(ctx, generator, path, jobId, 'Exporting frames', used);
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
      overwrite,
      sampling,
      jobId,
    }) {
      // Checked before rendering: a refused target costs nothing.
      if (file) await checkWriteTarget(file, { ...animationTarget, overwrite });
      const { info, generator } = await ctx.library.generator(modelId);
      const path = stripPath(generator, waypoints, frames, method, loop);
      const used = samplingUsed(generator, sampling);
      const images = await renderAsJob(ctx, generator, path, jobId, 'Rendering animation', used);
      // The first waypoint's latent goes into the APNG's metadata, so dropping it restores that end.
      const first = resolveLatent(waypoints[0]!, generator.props.latentDim);
      const text = metadataText(pngMetadataFor(info, first, used));
      const bytes = encodeAnimation(images, { format, fps: fps ?? 12, loop: true, text });
      if (file) {
        await writeTargetFile(file, bytes, { ...animationTarget, overwrite });
        return { file };
      }
      const folder = await prepareWriteFolder(join(ctx.dataDir, 'exports'), ctx.writes);
      const name = `${folderStamp()}.${format === 'gif' ? 'gif' : 'png'}`;
      return { file: await writeBesideFile(folder, name, bytes) };
    },
  };
}
