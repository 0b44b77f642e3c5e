import { realpath } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { StudioError, type Handlers } from '../../contract/channels';
import type { ScanReport } from '../../contract/training-schemas';
import { evenSample } from '../dataset/scan-sample';
import { readThumbnail } from '../evaluation/report/thumbnail';

const DEFAULT_COUNT = 12;
const DEFAULT_SIDE = 64;

/**
 * Thumbnails of a scanned folder for the Train screen. The files come from the folder's scan
 * (the request names only the folder), each must still resolve inside that folder (a file swapped
 * for a link out since the scan is refused), and count and size are bounded by the contract, so
 * the channel cannot read arbitrary paths or large amounts. A file that no longer decodes is left
 * out of the sample rather than failing it.
 */
export function datasetHandlers(
  scanned: (folder: string) => Promise<ScanReport> | undefined,
): Pick<Handlers, 'dataset.thumbnails'> {
  return {
    async 'dataset.thumbnails'({ folder, count, size }) {
      const pending = scanned(folder);
      if (!pending)
        throw new StudioError('NOT_FOUND', `${folder} has not been scanned: scan it first.`);
      const report = await pending;
      const root = await realpath(resolve(report.folder));
      const chosen = evenSample(report.files, count ?? DEFAULT_COUNT);
      const thumbnails = [];
      for (const { file } of chosen) {
        const real = await realpath(join(root, file)).catch(() => null);
        if (real === null || !real.startsWith(`${root}${sep}`)) continue;
        const image = await readThumbnail(real, size ?? DEFAULT_SIDE).catch(() => null);
        if (image) thumbnails.push({ file, ...image });
      }
      return { thumbnails, of: report.usable };
    },
  };
}
