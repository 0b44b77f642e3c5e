import { dirname, join, resolve } from 'node:path';
import { StudioError, type Handlers } from '../../contract/channels';
import { outputSize, resizeFrame } from '../export/resize-frames';
import { nameBatch, renderBatchPngs } from './batch-pngs';
import { buildSpriteSheet } from '../export/sprite-sheet';
import {
  checkTarget,
  defaultExtension,
  MAX_ANIMATION_BYTES,
  refuseExisting,
  tooLargeInMemory,
  writeMovie,
} from '../export/video/export-video';
import { writeFileAtomic } from '../io/atomic-write';
import { prepareWriteFolder } from '../io/write-target';
import { resolveLatent } from '../latent/resolve';
import { pathLatents } from './latent-handlers';
import { folderStamp, renderAsJob, samplingUsed } from './render-job';
import type { StudioContext } from './studio-context';

type MediaChannel = 'export.video' | 'export.spriteSheet' | 'export.batch';

export function mediaHandlers(ctx: StudioContext): Pick<Handlers, MediaChannel> {
  const exportsDir = () => join(ctx.dataDir, 'exports');
  return {
    async 'export.video'(request) {
      const { info, generator } = await ctx.library.generator(request.modelId);
      const { format, loop, fps } = request;
      const file = resolve(
        request.file ?? join(exportsDir(), `${folderStamp()}.${defaultExtension(format)}`),
      );
      // Into the data folder or a folder the user chose (the app's shells create no others).
      await prepareWriteFolder(request.file ? dirname(request.file) : dirname(file), ctx.writes);
      await checkTarget(file, format, request.overwrite === true);
      const { latents } = pathLatents(
        generator.props.latentDim,
        request.keyframes,
        request.segments,
        loop,
        fps,
      );
      const sampling = samplingUsed(generator, request.sampling);
      const job = ctx.jobs.start(request.jobId);
      try {
        const size = await writeMovie({
          generator,
          model: info,
          scheduler: ctx.scheduler,
          job,
          latents,
          format,
          fps,
          loop,
          size: outputSize(request),
          crf: request.crf,
          file,
          sampling,
        });
        return { file, frames: latents.length, ...size, ...(sampling && { sampling }) };
      } finally {
        job.finish();
      }
    },

    async 'export.spriteSheet'(request) {
      const { info, generator } = await ctx.library.generator(request.modelId);
      const file = resolve(request.file ?? join(exportsDir(), `${folderStamp()}-sheet.png`));
      await prepareWriteFolder(request.file ? dirname(request.file) : dirname(file), ctx.writes);
      if (!/\.png$/i.test(file))
        throw new StudioError(
          'BAD_REQUEST',
          `A sprite sheet is a PNG: "${file}" must end in .png.`,
        );
      const atlasFile = file.replace(/\.png$/i, '.json');
      await refuseExisting(file, request.overwrite === true);
      await refuseExisting(atlasFile, request.overwrite === true);
      const scale = request.scale ?? 1;
      const problem = tooLargeInMemory(
        request.latents.length * 2, // the frames and the sheet
        generator.props.width * scale,
        generator.props.height * scale,
        MAX_ANIMATION_BYTES,
        'The sprite sheet',
      );
      if (problem) throw new StudioError('BAD_REQUEST', problem);
      const latents = request.latents.map((l) => resolveLatent(l, generator.props.latentDim).z);
      const sampling = samplingUsed(generator, request.sampling);
      const images = await renderAsJob(
        ctx,
        generator,
        latents,
        request.jobId,
        'Rendering sprite sheet',
        sampling,
      );
      const size = outputSize(request);
      const frames = await Promise.all(images.map((image) => resizeFrame(image, size)));
      const sheet = buildSpriteSheet(
        frames,
        latents,
        info,
        file.split(/[\\/]/).pop()!,
        request.columns,
        sampling,
      );
      await writeFileAtomic(file, sheet.png);
      await writeFileAtomic(atlasFile, `${JSON.stringify(sheet.atlas, null, 1)}\n`);
      return {
        file,
        atlas: atlasFile,
        columns: sheet.atlas.columns,
        rows: sheet.atlas.rows,
        ...(sampling && { sampling }),
      };
    },

    async 'export.batch'(request) {
      const { info, generator } = await ctx.library.generator(request.modelId);
      const dir = resolve(request.dir ?? join(exportsDir(), folderStamp()));
      await prepareWriteFolder(request.dir ?? dir, ctx.writes);
      const batch = nameBatch(info, generator, request);
      const files = batch.names.map((n) => join(dir, n));
      for (const f of files) await refuseExisting(f, request.overwrite === true);
      await renderBatchPngs(ctx, info, generator, request, batch, (png, i) =>
        writeFileAtomic(files[i]!, png),
      );
      return { files, dir };
    },
  };
}
