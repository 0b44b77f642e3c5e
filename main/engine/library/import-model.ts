import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ModelInfo } from '../../contract/channels';
import { encoderPathFor, hasEncoder } from '../encode/vae-encoder';
import { loadGenerator } from '../models/load-generator';
import { isDiffusionModel } from '../models/diffusion-model';
import { hashFiles, modelFiles } from './hash-model';

/** What a finished import put in place: the folder's files and what the copy loads as. */
export interface ImportedCopy {
  /** Every file of the model, relative to the library's models folder (first: the one to open). */
  files: string[];
  snapshot: Pick<ModelInfo, 'kind' | 'props' | 'diffusion'>;
}

const TEMP_PREFIX = '.importing-';

/** Removes half-made imports left by a crash (call while holding the library's index lock). */
export async function removeUnfinishedImports(modelsDir: string): Promise<void> {
  const entries = await readdir(modelsDir).catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((e) => e.startsWith(TEMP_PREFIX))
      .map((e) => rm(join(modelsDir, e), { recursive: true, force: true })),
  );
}

/**
 * Copies a model (and every file it needs: tfjs shards, ONNX external data, the sidecar manifest)
 * into `<modelsDir>/<id>/`, all or nothing: the files go to a temporary folder first, the copy must
 * hash to `sha256` and load, and only then is it renamed into place (replacing a broken earlier
 * copy). A failure leaves no folder behind. Call while holding the library's index lock.
 */
export async function placeModelCopy(
  modelsDir: string,
  id: string,
  source: string,
  manifestPath: string,
  sha256: string,
): Promise<ImportedCopy> {
  const files = await modelFiles(source);
  const sourceDir = dirname(source);
  const temp = join(modelsDir, `${TEMP_PREFIX}${id}-${randomBytes(4).toString('hex')}`);
  try {
    for (const file of files) {
      const target = join(temp, relative(sourceDir, file));
      await mkdir(dirname(target), { recursive: true });
      await copyFile(file, target);
    }
    // The sidecar manifest travels with the model (same base name, same folder layout).
    await copyFile(manifestPath, join(temp, basename(manifestPath))).catch(() => undefined);
    // So does a VAE's encoder (<name>.encoder.onnx and its sidecar), when there is one.
    const encoder = encoderPathFor(source);
    if (encoder && hasEncoder(source)) {
      await copyFile(encoder, join(temp, basename(encoder)));
      const side = encoder.replace(/\.onnx$/i, '.json');
      await copyFile(side, join(temp, basename(side))).catch(() => undefined);
    }
    const copy = join(temp, basename(source));
    const copied = await modelFiles(copy);
    if ((await hashFiles(copied)) !== sha256)
      throw new Error(
        `the copy in the library does not match ${basename(source)} (it changed while being copied?)`,
      );
    const generator = await loadGenerator(copy);
    let snapshot: ImportedCopy['snapshot'];
    try {
      snapshot = isDiffusionModel(generator)
        ? { kind: 'diffusion', props: generator.props, diffusion: generator.diffusion }
        : { kind: 'generator', props: generator.props };
    } finally {
      await generator.dispose();
    }
    const dir = join(modelsDir, id);
    await rm(dir, { recursive: true, force: true }); // a broken earlier copy of this model
    await rename(temp, dir);
    return { files: copied.map((f) => join(id, relative(temp, f))), snapshot };
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw err;
  }
}

/** Words for the first file of an entry that is not there, or null when all are. */
export async function missingFileProblem(
  modelsDir: string,
  files: readonly string[],
): Promise<string | null> {
  for (const file of files) {
    const info = await stat(join(modelsDir, file)).catch(() => null);
    if (!info?.isFile())
      return `Its file ${join(modelsDir, file)} is missing (deleted or moved). Import the model again to repair it.`;
  }
  return null;
}
