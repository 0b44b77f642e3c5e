import { basename } from 'node:path';
import { StudioError } from '../../contract/channels';
import type { LatentSpec } from '../../contract/latent-spec';
import { readPngMetadata } from '../../engine/image/png-metadata';
import { readInputFile } from '../../engine/io/read-input';
import { UsageError } from '../output';

/** `--from 42` is a seed; `--from picked.png` is the exact latent stored in that PNG. */
export async function latentFromArg(
  arg: string,
  truncation: number | undefined,
): Promise<LatentSpec> {
  if (/^\d+$/.test(arg))
    return { kind: 'seed', seed: parseInteger('seed', arg, { max: MAX_SEED }), truncation };
  if (!/\.png$/i.test(arg))
    throw new UsageError(`"${arg}" is neither a seed (a whole number) nor a .png file`);
  const bytes = await readInputFile(arg, MAX_PNG_BYTES);
  const metadata = readPngMetadata(bytes, basename(arg));
  if (!metadata)
    throw new StudioError(
      'BAD_FILE',
      `"${basename(arg)}" has no Latent Studio metadata (it was not exported by this app)`,
    );
  return { kind: 'z', z: metadata.z };
}

export function parseNumber(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${value}"`);
  return n;
}

/** PNGs read for their metadata: far larger than any image the app exports. */
export const MAX_PNG_BYTES = 256 * 2 ** 20;

/** Seeds are uint32: the PRNG (engine/latent/prng.ts) is seeded with exactly these values. */
export const MAX_SEED = 0xffffffff;

/**
 * A whole number within [min, max] (default 0 … 2^53-1), or the fallback when the flag is absent;
 * anything else is refused in words, never rounded, truncated or wrapped.
 */
export function parseInteger(
  name: string,
  value: string | undefined,
  range: { min?: number; max?: number; fallback?: number } = {},
): number {
  const { min = 0, max = Number.MAX_SAFE_INTEGER, fallback } = range;
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const n = value.trim() === '' ? NaN : Number(value);
  const span = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number ${span}, not "${value}"`);
  return n;
}
