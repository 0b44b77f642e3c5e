import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StudioError } from '../../contract/channels';
import type { ScanReport } from '../../contract/training-schemas';
import { DECODE_CONCURRENCY, mapBounded, throwIfCancelled } from './bounded-pool';
import { findImageFiles } from './find-image-files';
import { inspectImage, lostErrorText } from './inspect-image';
import { findNearDuplicates } from './perceptual-hash';
import { scanWarnings } from './scan-warnings';

export interface ScanOptions {
  /** Largest image accepted, in pixels (after EXIF rotation). Default 64 Mpx. */
  pixelLimit?: number;
  /**
   * Side the images will be trained at; smaller ones are flagged. A function of the usable files
   * when the size is the one the defaults will choose from them. Default 64.
   */
  trainingSize?: number | ((files: ScanReport['files']) => number);
  /** Hamming distance (of 64 pHash bits) at or under which two images are near-duplicates. */
  duplicateDistance?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_PIXEL_LIMIT = 64e6;

/**
 * The pre-flight check of a training folder (`dataset.scan`, `latent-studio scan`): every image file
 * under it is read as training would read it. One bad file never stops the scan; it is listed in
 * `rejected` with the reason in words. Paths are relative to `folder`, with '/', sorted.
 */
export async function scanFolder(folder: string, options: ScanOptions = {}): Promise<ScanReport> {
  const root = resolve(folder);
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new StudioError('NOT_FOUND', `${folder} is not a folder.`);
  const { signal, onProgress } = options;
  const pixelLimit = options.pixelLimit ?? DEFAULT_PIXEL_LIMIT;
  let candidates: string[];
  const rejected: ScanReport['rejected'] = [];
  try {
    candidates = await findImageFiles(root, signal, (file, reason) =>
      rejected.push({ file, reason }),
    );
  } catch (err) {
    throwIfCancelled(signal, 'The scan');
    throw err;
  }
  let done = 0;
  onProgress?.(0, candidates.length);
  const inspections = await mapBounded(
    candidates,
    DECODE_CONCURRENCY,
    async (file) => {
      const result = await inspectImage(join(root, file), file, pixelLimit);
      onProgress?.(++done, candidates.length);
      return result;
    },
    { signal, what: 'The scan' },
  );
  for (const [i, result] of inspections.entries()) {
    if (lostErrorText(result))
      inspections[i] = await inspectImage(join(root, candidates[i]!), candidates[i]!, pixelLimit);
  }

  const files: ScanReport['files'] = [];
  const hashes: bigint[] = [];
  const formats: Record<string, number> = {};
  inspections.forEach((result, i) => {
    if (!result.ok) return void rejected.push({ file: candidates[i]!, reason: result.reason });
    files.push(result.info);
    hashes.push(result.hash);
    formats[result.info.format] = (formats[result.info.format] ?? 0) + 1;
  });
  rejected.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const near = findNearDuplicates(hashes, options.duplicateDistance ?? 6);
  const duplicates = near.pairs.map(([i, j]): [string, string] => [files[i]!.file, files[j]!.file]);
  const size = options.trainingSize ?? 64;
  const warnings = scanWarnings(
    files,
    duplicates.length,
    typeof size === 'function' ? size(files) : size,
  );
  if (near.truncated)
    warnings.push(
      `More duplicate pairs exist than the ${duplicates.length} listed: the folder holds many copies of some images.`,
    );
  return { folder: root, usable: files.length, files, rejected, duplicates, warnings, formats };
}
