import { z } from 'zod';
import { frameSchema } from './schemas';

/**
 * A run's last preview grid, read from its out folder (`preview.png`), so the Train screen shows
 * it when it reattaches to a run after a reload or opens an older run from the runs list.
 */
export const trainingPreviewChannels = {
  'train.lastPreview': {
    request: z.object({ runId: z.string().min(1).max(128) }).strict(),
    /** null: the run has drawn no preview yet (or is a text run). */
    response: z.object({
      preview: z.object({ step: z.number().int().nonnegative(), frame: frameSchema }).nullable(),
    }),
  },
} as const;
