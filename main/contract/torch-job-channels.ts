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
   * README of launch commands; `out` defaults to <data>/jobs/<run folder>-pytorch[-N].
   */
  'train.exportJob': {
    request: z.object({
      runId: z.string().min(1).max(128),
      out: filePath.optional(),
      steps: z.number().int().min(1).max(10_000_000).optional(),
    }),
    response: z.object({
      dir: z.string(),
      readme: z.string(),
      family: z.string(),
      startStep: z.number().int(),
      steps: z.number().int(),
      commands: launchCommands,
    }),
  },
} as const;
