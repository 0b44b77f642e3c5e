import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write';
import { kerasToOnnx } from '../../onnx/keras-to-onnx';
import { encodeOnnxModel } from '../../onnx/onnx-proto-writer';
import type { FeatureExtractor } from './extractor';
import type { ExtractorManifest } from './extractor-manifest';
import { readNsfwjsInception, NSFWJS_VERSION } from './nsfwjs-model';
import { openOnnxExtractor } from './onnx-extractor';

/**
 * The bundled default extractor: the InceptionV3 inside nsfwjs (MIT), converted once to ONNX with
 * our own writer and cached, because loading it as shipped takes tfjs a minute or more.
 *
 * The network is Keras InceptionV3 (ImageNet lower layers) whose head nsfwjs fine-tuned to 5 classes.
 * `features` is the 2048-d global average pool of mixed10 (FID's "pool3" position); `probabilities`
 * is nsfwjs's 5-class softmax. Input is RGB 299×299 scaled v/255 to [0, 1] — nsfwjs's own
 * normalisation (core.js `infer`: toFloat().div(255)), NOT Keras's usual [-1, 1]. It is not the
 * published FID Inception network, so its FID is not comparable with published numbers.
 */
export const NSFWJS_EXTRACTOR_ID = `nsfwjs-inception-v3-pool@${NSFWJS_VERSION}+bilinear299`;
export const NSFWJS_EXTRACTOR_LABEL = `InceptionV3 from nsfwjs ${NSFWJS_VERSION} (ImageNet lower layers, fine-tuned head), pooled 2048-d — not the published FID Inception network; scores are not comparable to published FID`;
/** Bump when the conversion changes: caches made by an older converter are rebuilt. */
const CONVERTER_VERSION = 1;
const BASE_NAME = `nsfwjs-inception-v3@${NSFWJS_VERSION}`;

export const nsfwjsManifest: ExtractorManifest = {
  kind: 'feature-extractor',
  name: 'nsfwjs-inception-v3-pool',
  description: NSFWJS_EXTRACTOR_LABEL,
  input: { name: 'image', width: 299, height: 299, layout: 'NCHW', channels: 3, range: [0, 1] },
  resize: 'bilinear',
  features: 'features',
  classifier: { output: 'probabilities', softmax: true, classes: 5 },
  maxBatch: 8,
};

export interface NsfwjsCacheFiles {
  onnx: string;
  manifest: string;
  /** `{ sha256, converter }` of the ONNX file, written last: the cache's commit marker. */
  stamp: string;
}

export function nsfwjsCacheFiles(cacheDir: string): NsfwjsCacheFiles {
  const dir = join(cacheDir, 'extractors');
  return {
    onnx: join(dir, `${BASE_NAME}.onnx`),
    manifest: join(dir, `${BASE_NAME}.json`),
    stamp: join(dir, `${BASE_NAME}.sha256.json`),
  };
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** True when the cached ONNX is complete and made by this converter (its hash matches the stamp). */
async function cacheIsValid(files: NsfwjsCacheFiles): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(files.stamp, 'utf8')) as {
      sha256?: unknown;
      converter?: unknown;
    };
    if (stamp.converter !== CONVERTER_VERSION) return false;
    await readFile(files.manifest);
    return sha256(await readFile(files.onnx)) === stamp.sha256;
  } catch {
    return false;
  }
}

/** Converts nsfwjs's InceptionV3 to ONNX bytes (about 89 MB of float32 weights). */
export function convertNsfwjsInception(): Uint8Array {
  const model = readNsfwjsInception();
  return encodeOnnxModel(
    kerasToOnnx({
      layers: model.layers,
      weights: model.weights,
      inputName: 'image',
      graphName: 'nsfwjs_inception_v3',
      docString: `${NSFWJS_EXTRACTOR_LABEL}. Converted from ${model.folder} with batch norm folded into the convolutions.`,
      outputs: [
        { layer: 'flatten_1', name: 'features' },
        { layer: 'dense_3', name: 'probabilities' },
      ],
    }),
  );
}

/** Makes (or reuses) the cached conversion; returns its files. */
export async function ensureNsfwjsOnnx(
  cacheDir: string,
  onNotice?: (message: string) => void,
): Promise<NsfwjsCacheFiles> {
  const files = nsfwjsCacheFiles(cacheDir);
  if (await cacheIsValid(files)) return files;
  onNotice?.(
    `Converting the default feature extractor (InceptionV3 from nsfwjs ${NSFWJS_VERSION}) to ONNX once; it is cached in ${files.onnx}.`,
  );
  const bytes = convertNsfwjsInception();
  await mkdir(join(cacheDir, 'extractors'), { recursive: true });
  await writeFileAtomic(files.onnx, bytes);
  await writeFileAtomic(files.manifest, JSON.stringify(nsfwjsManifest, null, 2) + '\n');
  await writeFileAtomic(
    files.stamp,
    JSON.stringify({ sha256: sha256(bytes), converter: CONVERTER_VERSION }) + '\n',
  );
  return files;
}

export async function openNsfwjsExtractor(
  cacheDir: string,
  onNotice?: (message: string) => void,
): Promise<FeatureExtractor> {
  const files = await ensureNsfwjsOnnx(cacheDir, onNotice);
  return openOnnxExtractor(files.onnx, {
    manifestPath: files.manifest,
    id: NSFWJS_EXTRACTOR_ID,
    label: NSFWJS_EXTRACTOR_LABEL,
  });
}
