import { createHash } from 'node:crypto';
import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * manifest.json of a checkpoint or model folder: the SHA-256 of every other file. It is written
 * last, so a folder whose manifest is missing or does not match its files was not finished (or was
 * damaged later) and is never resumed from.
 */
export const MANIFEST = 'manifest.json';

const manifestSchema = z.object({
  format: z.literal('latent-studio-checkpoint'),
  version: z.literal(1),
  step: z.number().int().nonnegative(),
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type CheckpointManifest = z.infer<typeof manifestSchema>;

export const sha256 = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

/** Hashes every file in `dir` (except the manifest) into a manifest. */
export async function buildManifest(dir: string, step: number): Promise<CheckpointManifest> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    if (name === MANIFEST || name.startsWith('.')) continue;
    files[name] = sha256(await readFile(join(dir, name)));
  }
  return { format: 'latent-studio-checkpoint', version: 1, step, files };
}

/** The manifest if every listed file is present with the listed hash, and the `required` ones exist; else a reason. */
export async function verifyFolder(
  dir: string,
  required: readonly string[],
): Promise<CheckpointManifest | string> {
  let manifest: CheckpointManifest;
  try {
    const parsed = manifestSchema.safeParse(
      JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')),
    );
    if (!parsed.success) return 'its manifest.json is not valid';
    manifest = parsed.data;
  } catch {
    return 'it has no readable manifest.json (the write did not finish)';
  }
  for (const name of required)
    if (!(name in manifest.files)) return `its manifest does not list ${name}`;
  for (const [name, hash] of Object.entries(manifest.files)) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(join(dir, name));
    } catch {
      return `${name} is missing`;
    }
    if (sha256(bytes) !== hash) return `${name} does not match its checksum`;
  }
  return manifest;
}

/** fsync a folder so renames into or out of it survive a power cut (not possible on Windows). */
export async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows and some file systems cannot fsync a folder; the rename is as durable as they allow.
  }
}
