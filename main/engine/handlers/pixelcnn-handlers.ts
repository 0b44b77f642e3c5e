import { StudioError, type Handlers } from '../../contract/channels';
import type { Frame } from '../../contract/schemas';
import { isPixelCnnModel } from '../autoregressive/onnx-models';
import { decodeForTraining } from '../dataset/decode-for-training';
import { toRgbaFrames } from '../image/pixels';
import { resolveLatent } from '../latent/resolve';
import type { StudioContext } from './studio-context';

/**
 * `pixelcnn.sample`: a PixelCNN's images sub-pixel by sub-pixel (pixel-sampler.ts), with a
 * `pixelcnn.row` event per finished row and cancellation between sub-pixels; optionally
 * completing the top rows of an image.
 */
export function pixelCnnHandlers(ctx: StudioContext): Pick<Handlers, 'pixelcnn.sample'> {
  return {
    async 'pixelcnn.sample'({ modelId, latents, temperature, complete, jobId }) {
      const { info, generator } = await ctx.library.generator(modelId);
      if (!isPixelCnnModel(generator))
        throw new StudioError(
          'BAD_REQUEST',
          `"${info.name}" is not a PixelCNN, so it does not draw pixel by pixel.`,
        );
      const { channels: c, size, levels: levelCount } = generator.info;
      const hw = size * size;
      const n = latents.length;
      const resolved = latents.map((l) => resolveLatent(l, c * hw));
      const z = new Float32Array(n * c * hw);
      resolved.forEach((r, i) => z.set(r.z, i * c * hw));
      let keep: { levels: Uint8Array; rows: number } | undefined;
      if (complete) {
        const hwc = await decodeForTraining(complete.image, {
          size,
          channels: c,
          background: 'white',
        });
        const levels = new Uint8Array(n * c * hw);
        for (let i = 0; i < n; i++)
          for (let p = 0; p < hw; p++)
            for (let ch = 0; ch < c; ch++) levels[(i * c + ch) * hw + p] = hwc[p * c + ch]!;
        keep = { levels, rows: Math.min(size, complete.rows) };
      }
      const frames = (levels: Uint8Array): Frame[] =>
        toRgbaFrames(
          Float32Array.from(levels, (v) => v / (levelCount - 1)),
          n,
          generator.props,
        ).map((rgba, i) => ({ width: size, height: size, rgba, seed: resolved[i]!.seed }));
      const job = ctx.jobs.start(jobId);
      const used = temperature ?? generator.info.temperature;
      try {
        const levels = await generator.sample(z, n, {
          temperature: used,
          ...(keep && { keep }),
          beforeStep: () => job.throwIfCancelled(),
          onPixel: (row, col, so) => {
            if (col !== size - 1) return;
            job.progress(row + 1, size, 'Sampling pixel by pixel');
            if (jobId)
              ctx.events.emit('pixelcnn.row', { jobId, row, rows: size, frames: frames(so) });
          },
        });
        return { frames: frames(levels), temperature: used };
      } finally {
        job.finish();
      }
    },
  };
}
