import { stat } from 'node:fs/promises';
import { StudioError } from '../../contract/channels';
import type { EvalRequest, EvalSource } from '../../contract/eval-schemas';
import type { ModelLibrary } from '../library/model-library';

const USES_REAL = new Set(['fid', 'kid', 'pr', 'memorization']);

/**
 * Refuses, in words, requests that cannot work — before the extractor is opened (the default one
 * may take a minute to convert the first time) and before any image is read: a missing reference,
 * per-image metrics on mean/covariance files, IS from statistics, a source that does not exist.
 * Returns the sides that will be read (the reference only when a metric uses it).
 */
export async function checkRequest(
  req: EvalRequest,
  library: ModelLibrary,
): Promise<{ real: EvalSource | null; sides: EvalSource[] }> {
  const usesReal = req.metrics.filter((m) => USES_REAL.has(m));
  if (usesReal.length > 0 && !req.real)
    throw new StudioError(
      'BAD_REQUEST',
      `${usesReal.join(', ')} need${usesReal.length === 1 ? 's' : ''} a reference (real) source.`,
    );
  const real = usesReal.length > 0 ? req.real! : null;
  const sides = real ? [real, req.fake] : [req.fake];
  const npz = sides.find((s) => s.kind === 'stats' && /\.npz$/i.test(s.path));
  const perImage = req.metrics.filter((m) => m === 'kid' || m === 'pr' || m === 'memorization');
  if (npz?.kind === 'stats' && perImage.length > 0)
    throw new StudioError(
      'BAD_REQUEST',
      `${perImage.join(', ')} need${perImage.length === 1 ? 's' : ''} per-image features, but ${npz.path} holds only mean and covariance; use a folder, a model or a .npy feature file.`,
    );
  if (req.metrics.includes('is') && req.fake.kind === 'stats')
    throw new StudioError(
      'BAD_REQUEST',
      `Inception Score needs images, not a statistics file (${req.fake.path}).`,
    );
  for (const side of sides) await checkExists(side, library);
  return { real, sides };
}

async function checkExists(source: EvalSource, library: ModelLibrary): Promise<void> {
  if (source.kind === 'model') {
    await library.get(source.model); // NOT_FOUND in words, or the model's own load error
    return;
  }
  const info = await stat(source.path).catch(() => null);
  if (source.kind === 'folder' && !info?.isDirectory())
    throw new StudioError('NOT_FOUND', `${source.path} is not a folder.`);
  if (source.kind === 'stats' && !info?.isFile())
    throw new StudioError('NOT_FOUND', `${source.path}: no such statistics file.`);
}
