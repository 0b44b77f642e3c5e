import { z } from 'zod';
import { filePath } from './schemas';

const launchCommands = z.object({
  single: z.string(),
  spawn: z.string(),
  gpus: z.string(),
  nodes: z.array(z.string()),
  importModel: z.string(),
  importCheckpoint: z.string(),
});

/**
 * PyTorch job channels (issue 14: a training run as a PyTorch DDP job for a GPU machine, and its
 * results back). channels.ts spreads them into the one contract.
 */
export const torchJobChannels = {
  /**
   * Writes a run (its newest good checkpoint) as a self-contained PyTorch job folder with a
   * README of launch commands: at `out` (missing or empty), else as <run folder>-pytorch[-N]
   * inside `into` (a folder the user chose), else inside <data>/jobs/. The app's shells write
   * only into the data folder or into folders that exist (io/write-target.ts).
   */
  'train.exportJob': {
    request: z.object({
      runId: z.string().min(1).max(128),
      out: filePath.optional(),
      into: filePath.optional(),
      steps: z.number().int().min(1).max(10_000_000).optional(),
    }),
    response: z.object({
      dir: z.string(),
      readme: z.string(),
      family: z.string(),
      startStep: z.number().int(),
      steps: z.number().int(),
      commands: launchCommands,
      /** The job folder's top-level entries (folders end in "/"). */
      files: z.array(z.string()).optional(),
    }),
  },
} as const;
