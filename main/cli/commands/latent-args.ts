import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { StudioError } from '../../contract/channels';
import type { LatentSpec } from '../../contract/latent-spec';
import { readPngMetadata } from '../../engine/image/png-metadata';
import { UsageError } from '../output';

/** `--from 42` is a seed; `--from picked.png` is the exact latent stored in that PNG. */
export async function latentFromArg(
  arg: string,
  truncation: number | undefined,
): Promise<LatentSpec> {
  if (/^\d+$/.test(arg)) return { kind: 'seed', seed: Number(arg), truncation };
  if (!/\.png$/i.test(arg))
    throw new UsageError(`"${arg}" is neither a seed (a whole number) nor a .png file`);
  const bytes = await readFile(arg).catch((err: NodeJS.ErrnoException) => {
    throw new StudioError(
      'BAD_FILE',
      `Cannot read "${basename(arg)}": ${err.code === 'ENOENT' ? 'no such file' : err.message}`,
    );
  });
  const metadata = readPngMetadata(new Uint8Array(bytes), basename(arg));
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
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${value}"`);
  return n;
}
