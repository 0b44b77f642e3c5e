import { StudioError, type Handlers } from '../../contract/channels';
import { MAX_DOWNLOAD_BYTES } from '../../contract/download-channels';
import { safePart } from '../export/naming-template';
import { outputSize } from '../export/resize-frames';
import { zipStore } from '../io/zip-store';
import { nameBatch, renderBatchPngs } from './batch-pngs';
import type { StudioContext } from './studio-context';

const mib = (n: number) => `${(n / (1024 * 1024)).toFixed(0)} MiB`;

/**
 * `export.download`: a PNG batch as bytes for the browser shell to save as a download (one PNG,
 * or a stored ZIP of several). Nothing is written on the engine's machine, so no write rules
 * apply; the answer travels on the page's own authorised socket. Too large an answer is refused
 * in words before (estimate) or after (actual bytes) rendering.
 */
export function downloadHandlers(ctx: StudioContext): Pick<Handlers, 'export.download'> {
  return {
    async 'export.download'(request) {
      const { info, generator } = await ctx.library.generator(request.modelId);
      const batch = nameBatch(info, generator, request);
      const { scale } = outputSize(request);
      const width = generator.props.width * scale;
      const height = generator.props.height * scale;
      const tooLarge = (what: string) =>
        new StudioError(
          'BAD_REQUEST',
          `${what}, more than one download can carry (${mib(MAX_DOWNLOAD_BYTES)}): choose fewer images or a smaller size, or export into a folder (give a folder path on the engine's machine).`,
        );
      // PNGs of generated images seldom shrink below half their raw RGBA: a batch whose raw size
      // is over twice the bound is refused before rendering; the bytes are checked again after.
      const raw = request.items.length * width * height * 4;
      if (raw > 2 * MAX_DOWNLOAD_BYTES)
        throw tooLarge(
          `${request.items.length} images of ${width}×${height} are ${mib(raw)} uncompressed`,
        );
      const pngs: Uint8Array[] = [];
      await renderBatchPngs(ctx, info, generator, request, batch, async (png) => {
        pngs.push(png);
      });
      if (pngs.length === 1) {
        if (pngs[0]!.length > MAX_DOWNLOAD_BYTES)
          throw tooLarge(`The PNG is ${mib(pngs[0]!.length)}`);
        return {
          fileName: batch.names[0]!,
          mime: 'image/png' as const,
          bytes: pngs[0]!,
          files: batch.names,
          width,
          height,
        };
      }
      const zip = zipStore(batch.names.map((name, i) => ({ name, data: pngs[i]! })));
      if (zip.length > MAX_DOWNLOAD_BYTES) throw tooLarge(`The ZIP is ${mib(zip.length)}`);
      const day = new Date().toISOString().slice(0, 10);
      return {
        fileName: `${safePart(info.name) || 'images'}_${day}_${pngs.length}.zip`,
        mime: 'application/zip' as const,
        bytes: zip,
        files: batch.names,
        width,
        height,
      };
    },
  };
}
