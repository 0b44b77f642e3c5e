import { z } from 'zod';
import { bytes, filePath } from './schemas';

/** At most this many thumbnails of a scanned folder, each fitted inside this many pixels. */
export const SCAN_THUMBNAILS_MAX = 24;
export const SCAN_THUMBNAIL_SIDE_MAX = 96;

/**
 * A look at a scanned training folder. Only files the folder's scan accepted are read (never a
 * path from the request): a folder that was not scanned is NOT_FOUND.
 */
export const datasetChannels = {
  'dataset.thumbnails': {
    request: z.object({
      folder: filePath,
      count: z.number().int().min(1).max(SCAN_THUMBNAILS_MAX).optional(),
      size: z.number().int().min(16).max(SCAN_THUMBNAIL_SIDE_MAX).optional(),
    }),
    response: z.object({
      /** Spread evenly over the scan's usable files (sorted by path). */
      thumbnails: z.array(
        z.object({
          file: z.string(),
          width: z.number().int().positive(),
          height: z.number().int().positive(),
          rgba: bytes,
        }),
      ),
      /** How many usable files the scan found (the sample's population). */
      of: z.number().int().min(0),
    }),
  },
} as const;
