import type { TrainConfig } from '../../contract/training-schemas';
import { learnVocab } from '../autoregressive/char-vocab';
import { readTextFolder } from '../autoregressive/text-corpus';
import { scanFolder } from '../dataset/scan-folder';
import { defaultPixelCnnConfig, defaultTextConfig } from './autoregressive-defaults';
import { defaultTrainConfig } from './defaults';

/**
 * Defaults for any family from its folder: images are scanned (GAN, VAE, PixelCNN), text folders
 * read (their size chooses the transformer). Used by train.defaults / train.start and the CLI.
 */
export async function familyDefaults(
  folder: string,
  family: TrainConfig['family'],
  options: { backend?: string; seed?: number; signal?: AbortSignal; trainingSize?: number } = {},
): Promise<{ config: TrainConfig; reasons: string[]; usable: number; rejected: number }> {
  if (family === 'text') {
    const { files, texts, rejected } = await readTextFolder(folder);
    const chars = texts.reduce((n, t) => n + t.length, 0);
    const d = defaultTextConfig(
      { chars, files: files.length, vocab: learnVocab(texts).tokens.length },
      options.seed,
    );
    return {
      config: d.config,
      reasons: d.reasons,
      usable: files.length,
      rejected: rejected.length,
    };
  }
  const scan = await scanFolder(folder, {
    ...(options.signal && { signal: options.signal }),
    trainingSize: options.trainingSize ?? 64,
  });
  const input = { scan, backend: options.backend, seed: options.seed };
  const d =
    family === 'pixelcnn' ? defaultPixelCnnConfig(input) : defaultTrainConfig({ ...input, family });
  return { ...d, usable: scan.usable, rejected: scan.rejected.length };
}

/**
 * What prepareTrainConfig needs for a text or PixelCNN folder: its defaults (not an image scan's)
 * and the folder's counts in a scan's shape, so a folder with nothing usable is refused in the
 * same words as an empty image folder.
 */
export async function autoregressiveTrainInput(
  folder: string,
  family: 'text' | 'pixelcnn',
  options: { backend?: string; seed?: number } = {},
): Promise<{
  scan: { folder: string; usable: number; files: []; rejected: { file: string; reason: string }[] };
  defaults: { config: TrainConfig; reasons: string[] };
}> {
  const d = await familyDefaults(folder, family, options);
  return {
    scan: {
      folder,
      usable: d.usable,
      files: [],
      rejected: Array.from({ length: d.rejected }, () => ({ file: '', reason: '' })),
    },
    defaults: { config: d.config, reasons: d.reasons },
  };
}
