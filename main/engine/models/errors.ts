import { basename, dirname } from 'node:path';
import { StudioError } from '../../contract/channels';
import { firstLine } from '../io/first-line';

/** One short sentence from a runtime error (moved to io/ so the inner layers can use it). */
export { firstLine };

/**
 * Every loader failure reaches the user as a StudioError whose message names the file and says
 * what is wrong in words. Detection code throws NotAGenerator with just the reason, because it
 * never knows the file; the loader adds the name once, in one place.
 */
export class NotAGenerator extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotAGenerator';
  }
}

/** The model has a denoiser's inputs (sample + timestep) but cannot be sampled; same handling. */
export class NotADenoiser extends NotAGenerator {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotADenoiser';
  }
}

/**
 * Quoted base name: users recognise "dcgan.onnx", not a long absolute path. Every tfjs model is
 * called model.json, so those keep their folder: "my-gan/model.json".
 */
export function fileLabel(path: string): string {
  const name = basename(path);
  return name === 'model.json' ? `"${basename(dirname(path))}/${name}"` : `"${name}"`;
}

/** The file itself cannot be used: missing, unreadable, truncated, not the format it claims. */
export function badFile(path: string, reason: string): StudioError {
  return new StudioError('BAD_FILE', `${fileLabel(path)} ${reason}`);
}

/** The file is a valid model, but not an image generator the studio can drive. */
export function modelRejected(path: string, reason: string, what = 'a generator'): StudioError {
  return new StudioError('MODEL_REJECTED', `${fileLabel(path)} is not ${what}: ${reason}`);
}

/** Passes StudioErrors through, turns NotAGenerator into MODEL_REJECTED, anything else into `fallback`. */
export function asStudioError(
  path: string,
  err: unknown,
  fallback: (reason: string) => StudioError,
): StudioError {
  if (err instanceof StudioError) return err;
  if (err instanceof NotADenoiser)
    return modelRejected(path, err.message, 'a diffusion denoiser the studio can sample');
  if (err instanceof NotAGenerator) return modelRejected(path, err.message);
  return fallback(firstLine(err));
}

/** Shapes printed the way people write them: [N,3,32,32], with '?' for unknown sizes. */
export function formatShape(shape: readonly (number | null)[], batchIsN = true): string {
  return `[${shape.map((d, i) => (d === null ? (i === 0 && batchIsN ? 'N' : '?') : String(d))).join(',')}]`;
}
