import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError } from '../../contract/channels';
import { decodePngRgba, encodePng, readPngTextChunks } from '../image/png';
import { writeFileAtomic } from '../io/atomic-write';

/**
 * The last preview grid of a run, kept in its out folder as `preview.png` (the step in an iTXt
 * chunk), so a run reopened after a reload — or picked in the runs list, or after a restart —
 * shows what it last drew instead of a blank grid. Written atomically at every preview: a crash
 * leaves the previous grid whole. A plain PNG, so it also opens in any image viewer.
 */
export const PREVIEW_FILE = 'preview.png';
const STEP_KEY = 'latent-studio:preview-step';

export interface SavedPreview {
  step: number;
  width: number;
  height: number;
  rgba: Uint8Array;
}

export async function saveLastPreview(outDir: string, preview: SavedPreview): Promise<void> {
  const png = encodePng(preview, { [STEP_KEY]: String(preview.step) });
  await writeFileAtomic(join(outDir, PREVIEW_FILE), png);
}

/** The run's last preview, or null when it has none yet; a damaged file is an error naming it. */
export async function readLastPreview(outDir: string): Promise<SavedPreview | null> {
  const path = join(outDir, PREVIEW_FILE);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StudioError('BAD_FILE', `${path} could not be read: ${(err as Error).message}`);
  }
  const image = decodePngRgba(bytes, path);
  const step = Number(readPngTextChunks(bytes, path, [STEP_KEY])[STEP_KEY]);
  if (!Number.isSafeInteger(step) || step < 0)
    throw new StudioError('BAD_FILE', `${path} does not say at which step it was drawn.`);
  return { step, ...image };
}

/**
 * Saves previews one after another in the order they come, off the training loop's path: a
 * preview that cannot be saved (a full disk) is reported once and training goes on.
 */
export function lastPreviewSaver(outDir: string, onError: (message: string) => void) {
  let chain: Promise<void> = Promise.resolve();
  let reported = false;
  return {
    save(preview: SavedPreview): void {
      chain = chain
        .then(() => saveLastPreview(outDir, preview))
        .catch((err: unknown) => {
          if (reported) return;
          reported = true;
          onError(
            `The preview grid could not be saved in ${join(outDir, PREVIEW_FILE)}: ${err instanceof Error ? err.message : String(err)}`,
          );
        });
    },
    /** Waits for the saves queued so far. */
    flush: (): Promise<void> => chain,
  };
}
