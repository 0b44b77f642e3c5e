import { stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { StudioError, type ModelProperties } from '../../contract/channels';
import { loadPixelCnn } from '../autoregressive/onnx-models';
import { asStudioError, badFile, firstLine, modelRejected } from './errors';
import type { Generator } from './generator';
import { manifestPathFor, readManifest } from './manifest';
import { loadOnnxGenerator } from './onnx-generator';
import { loadTfjsGenerator } from './tfjs-generator';

/**
 * The one entry point for opening a model file. Accepts an .onnx file, a tfjs model.json, or a
 * folder holding a model.json. Every failure is a StudioError: BAD_FILE when the file cannot be
 * used at all, MODEL_REJECTED when it is a model but not an image generator; messages name the file.
 */
export { onnxRuntimeName } from './onnx-generator';
export { tfjsBackendName, tfjsRuntimeName } from './tfjs-backend';

export interface ModelFile {
  format: ModelProperties['format'];
  /** The file the runtime opens: the .onnx, or the tfjs model.json. */
  file: string;
  /** Where an optional sidecar manifest would be (it may not exist). */
  manifestPath: string;
}

export interface OpenedModel {
  generator: Generator;
  file: ModelFile;
  /** From the manifest, when it has them; the library falls back to the file name. */
  name?: string;
  note?: string;
}

export type ModelInspection = ModelProperties & { name?: string; note?: string };

export async function resolveModelFile(path: string): Promise<ModelFile> {
  let isDir: boolean;
  try {
    const info = await stat(path);
    isDir = info.isDirectory();
    // A FIFO or device named model.onnx would block the first read forever.
    if (!isDir && !info.isFile())
      throw badFile(path, 'is not a regular file (a pipe, socket or device)');
  } catch (err) {
    if (err instanceof StudioError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw badFile(path, code === 'ENOENT' ? 'does not exist' : `cannot be read: ${firstLine(err)}`);
  }
  if (isDir) {
    const file = join(path, 'model.json');
    try {
      await stat(file);
    } catch {
      throw badFile(
        path,
        'is a folder without a model.json (expected a TensorFlow.js model folder)',
      );
    }
    return { format: 'tfjs', file, manifestPath: manifestPathFor(file, 'tfjs') };
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.onnx')
    return { format: 'onnx', file: path, manifestPath: manifestPathFor(path, 'onnx') };
  if (ext === '.json')
    return { format: 'tfjs', file: path, manifestPath: manifestPathFor(path, 'tfjs') };
  throw badFile(
    path,
    `is not a model the studio can open (expected an .onnx file or a TensorFlow.js model.json), got "${ext || basename(path)}"`,
  );
}

/** Loads the model and applies its manifest; the caller owns the generator and must dispose() it. */
export async function openModel(path: string): Promise<OpenedModel> {
  const file = await resolveModelFile(path);
  const manifest = await readManifest(file.manifestPath);
  if (manifest?.kind === 'autoregressive' && manifest.autoregressive?.modality === 'text')
    throw modelRejected(
      file.file,
      'it is a text model (open it on the Text screen, or use `generate`)',
      'an image model',
    );
  try {
    const generator =
      manifest?.kind === 'autoregressive' && manifest.autoregressive?.modality === 'image'
        ? await loadPixelCnn(file.file, manifest.autoregressive)
        : file.format === 'onnx'
          ? await loadOnnxGenerator(file.file, manifest)
          : await loadTfjsGenerator(file.file, manifest);
    return { generator, file, name: manifest?.name, note: manifest?.note };
  } catch (err) {
    // Loaders already throw StudioErrors; this only catches what slipped through, without raw stacks.
    throw asStudioError(file.file, err, (reason) =>
      badFile(file.file, `could not be loaded: ${reason}`),
    );
  }
}

export async function loadGenerator(path: string): Promise<Generator> {
  return (await openModel(path)).generator;
}

/** Properties (plus manifest name/note) without keeping the model loaded. */
export async function inspectModel(path: string): Promise<ModelInspection> {
  const { generator, name, note } = await openModel(path);
  try {
    return {
      ...generator.props,
      ...(name !== undefined && { name }),
      ...(note !== undefined && { note }),
    };
  } finally {
    await generator.dispose();
  }
}
