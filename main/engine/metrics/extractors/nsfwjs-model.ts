import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { StudioError } from '../../../contract/channels';
import type { KerasLayer } from '../../onnx/keras-to-onnx';
import { decodeKerasWeights, type KerasWeight, type WeightEntry } from '../../onnx/keras-weights';

/**
 * Reads nsfwjs's bundled InceptionV3 (node_modules/nsfwjs/dist/models/inception_v3) without tfjs.
 * nsfwjs ships it as UMD bundles: `model.min.js` exports the model.json object and each
 * `group1-shardKof6.min.js` exports its weight shard as a base64 string; nsfwjs's own loader
 * (dist/cjs/core.js, JSONHandler) decodes and concatenates them in shard order, as we do.
 */
export const NSFWJS_VERSION = '4.4.0';
const SHARDS = 6;

const localRequire: NodeRequire =
  typeof require === 'function' ? require : createRequire(import.meta.url);

export interface NsfwjsInception {
  layers: KerasLayer[];
  weights: Map<string, KerasWeight>;
  /** Folder the files came from, for messages. */
  folder: string;
}

interface ModelJson {
  modelTopology: { model_config: { config: { layers: KerasLayer[] } } };
  weightsManifest: { paths: string[]; weights: WeightEntry[] }[];
}

/** The installed nsfwjs's InceptionV3 folder; refuses a different nsfwjs version by name. */
export function nsfwjsInceptionFolder(): string {
  let root: string;
  try {
    // nsfwjs's `exports` hides package.json; its CommonJS entry is <root>/dist/cjs/index.js.
    root = join(dirname(localRequire.resolve('nsfwjs')), '..', '..');
  } catch {
    throw new StudioError(
      'NOT_FOUND',
      'the nsfwjs package is not installed, so the default feature extractor is unavailable',
    );
  }
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  if (version !== NSFWJS_VERSION)
    throw new StudioError(
      'NOT_FOUND',
      `nsfwjs ${version} is installed; the default feature extractor is made from nsfwjs ${NSFWJS_VERSION}`,
    );
  return join(root, 'dist', 'models', 'inception_v3');
}

export function readNsfwjsInception(): NsfwjsInception {
  const folder = nsfwjsInceptionFolder();
  const json = localRequire(join(folder, 'model.min.js')) as ModelJson;
  const group = json.weightsManifest[0];
  if (json.weightsManifest.length !== 1 || group?.paths.length !== SHARDS)
    throw new StudioError(
      'BAD_FILE',
      `${folder}/model.min.js: expected one weight group of ${SHARDS} shards`,
    );
  const shards = group.paths.map((path) => {
    const base64 = localRequire(join(folder, `${path}.min.js`)) as unknown;
    if (typeof base64 !== 'string')
      throw new StudioError(
        'BAD_FILE',
        `${folder}/${path}.min.js does not hold base64 weight data`,
      );
    return Buffer.from(base64, 'base64');
  });
  const weights = decodeKerasWeights(group.weights, Buffer.concat(shards), folder);
  return { layers: json.modelTopology.model_config.config.layers, weights, folder };
}
