import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve, isAbsolute } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { StudioError } from '../../contract/channels';
import { badFile, firstLine, modelRejected } from './errors';

/**
 * Loads a tfjs model.json and its weight shards from disk with plain fs reads. tfjs only ships a
 * file:// handler in tfjs-node, which may be missing; this handler works on every backend.
 */
interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology?: unknown;
  weightsManifest?: { paths: string[]; weights: TF.io.WeightsManifestEntry[] }[];
}

function isModelJson(json: unknown): json is ModelJson {
  if (typeof json !== 'object' || json === null || !('modelTopology' in json)) return false;
  const manifest = (json as ModelJson).weightsManifest;
  return (
    manifest === undefined ||
    (Array.isArray(manifest) &&
      manifest.every((g) => Array.isArray(g?.paths) && Array.isArray(g?.weights)))
  );
}

/** Reads and checks model.json; BAD_FILE for missing/invalid files, MODEL_REJECTED for graph models. */
export async function readModelJson(path: string): Promise<ModelJson> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw badFile(path, code === 'ENOENT' ? 'does not exist' : `cannot be read: ${firstLine(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badFile(path, 'is not valid JSON, so it is not a TensorFlow.js model');
  }
  if (!isModelJson(json))
    throw badFile(path, 'is not a TensorFlow.js model (no modelTopology / weightsManifest)');
  if (json.format === 'graph-model') {
    throw modelRejected(
      path,
      'it is a TensorFlow.js graph model; only layers models (tf.LayersModel) are supported',
    );
  }
  return json;
}

/** An IOHandler whose load() returns the topology and the concatenated weight shards. */
export function fileIOHandler(modelJsonPath: string, json: ModelJson): TF.io.IOHandler {
  const dir = dirname(modelJsonPath);
  return {
    load: async (): Promise<TF.io.ModelArtifacts> => {
      const weightSpecs: TF.io.WeightsManifestEntry[] = [];
      const shards: ArrayBuffer[] = [];
      for (const group of json.weightsManifest ?? []) {
        weightSpecs.push(...group.weights);
        for (const shard of group.paths) {
          const file = resolve(dir, shard);
          const rel = relative(dir, file);
          // Weights must sit beside model.json: a model file must not make us read arbitrary paths.
          if (rel.startsWith('..') || isAbsolute(rel))
            throw badFile(modelJsonPath, `lists a weights file outside its folder: ${shard}`);
          try {
            const bytes = await readFile(file);
            shards.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
          } catch (err) {
            if (err instanceof StudioError) throw err;
            throw badFile(
              modelJsonPath,
              `needs weights file "${shard}", which cannot be read (${firstLine(err)})`,
            );
          }
        }
      }
      return {
        modelTopology: json.modelTopology as TF.io.ModelArtifacts['modelTopology'],
        weightSpecs,
        weightData: shards, // WeightData may be a list of shards: no copy into one big buffer
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy ?? null,
      };
    },
  };
}
