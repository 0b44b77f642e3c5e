import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { StudioError } from '../../contract/channels';
import { offload } from '../offload/offload';

async function hashFiles(files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/**
 * The external-data files of an ONNX model, as paths: each must lie in the model's folder (or
 * below it), as onnxruntime requires; a location that climbs out or is absolute is refused, so a
 * crafted model cannot make the library copy or hash files from elsewhere.
 */
async function onnxExternalFiles(modelPath: string): Promise<string[]> {
  const locations = (await offload('onnxExternalData', modelPath)) ?? [];
  const dir = dirname(modelPath);
  return locations.map((location) => {
    const full = resolve(dir, location);
    const rel = relative(dir, full);
    if (
      location.includes('\0') ||
      isAbsolute(location) ||
      rel === '' ||
      rel.startsWith('..') ||
      isAbsolute(rel)
    )
      throw new StudioError(
        'BAD_FILE',
        `"${basename(modelPath)}" keeps weights in "${location}", outside its own folder; only external-data files beside the model are supported.`,
      );
    return full;
  });
}

/**
 * Every file that makes a model: a tfjs LayersModel is model.json plus its weight shards; an
 * ONNX model is the .onnx plus the external-data files it names (if any).
 */
export async function modelFiles(modelPath: string): Promise<string[]> {
  if (basename(modelPath) !== 'model.json')
    return [modelPath, ...(await onnxExternalFiles(modelPath))];
  const dir = dirname(modelPath);
  const shards = (await readdir(dir)).filter((f) => f.endsWith('.bin')).sort();
  return [modelPath, ...shards.map((f) => join(dir, f))];
}

/** SHA-256 of a model's bytes (all its files, in modelFiles order), streamed. */
export async function hashModel(modelPath: string): Promise<string> {
  return hashFiles(await modelFiles(modelPath));
}

export { hashFiles };
