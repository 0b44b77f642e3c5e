import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import * as ort from 'onnxruntime-node';
import { StudioError } from '../../../contract/channels';
import { firstLine } from '../../models/errors';
import { judgeOnnxBytes } from '../../onnx/onnx-graph';
import type { ExtractedBatch, FeatureExtractor } from './extractor';
import type { RgbaImage } from '../../image/png';
import {
  manifestPathFor,
  readExtractorManifest,
  type ExtractorManifest,
} from './extractor-manifest';
import { inputTensor, softmaxRows } from './input-tensor';
import { checkSession, type CheckedSession } from './onnx-session-checks';
import { RESIZE_METHOD } from './resize';

export interface OnnxExtractorOptions {
  /** Manifest file; default the sidecar `<name>.json` beside `<name>.onnx`. */
  manifestPath?: string;
  /** Fixed identity and words (bundled extractors have versioned ids); default from the files. */
  id?: string;
  label?: string;
}

/** `+bilinear299`, or `+bilinear64x32` when not square: the resize is part of the identity. */
export function resizeTag(input: { width: number; height: number }): string {
  const size = input.width === input.height ? `${input.width}` : `${input.width}x${input.height}`;
  return `+${RESIZE_METHOD}${size}`;
}

function toFloat64(tensor: ort.Tensor, file: string, name: string): Float64Array {
  const data = tensor.data;
  if (data instanceof Float32Array || data instanceof Float64Array) return Float64Array.from(data);
  throw new StudioError('MODEL_REJECTED', `${file}: output "${name}" is ${tensor.type}, not float`);
}

interface OutputRows {
  data: Float64Array;
  /** Values per image. */
  width: number;
}

class OnnxFeatureExtractor implements FeatureExtractor {
  dim = 0;
  readonly classes: number;
  readonly inputSize: { width: number; height: number };

  constructor(
    readonly id: string,
    readonly label: string,
    private readonly session: ort.InferenceSession,
    private readonly manifest: ExtractorManifest,
    private readonly checked: CheckedSession,
    private readonly file: string,
  ) {
    this.classes = manifest.classifier?.classes ?? 0;
    this.inputSize = { width: manifest.input.width, height: manifest.input.height };
  }

  /** Runs `images` in batches of maxBatch; returns each output as rows of float64. */
  private async run(images: readonly RgbaImage[], outputs: string[]): Promise<OutputRows[]> {
    const batch = Math.min(this.manifest.maxBatch, this.checked.fixedBatch ?? Infinity);
    const parts: Float64Array[][] = outputs.map(() => []);
    const widths = outputs.map(() => 0);
    for (let start = 0; start < images.length; start += batch) {
      const chunk = images.slice(start, start + batch);
      // A model with a fixed batch dim gets a full batch; the padding rows are dropped below.
      const padded = [...chunk];
      while (this.checked.fixedBatch !== null && padded.length < this.checked.fixedBatch)
        padded.push(chunk[0]!);
      const { data, dims } = inputTensor(padded, this.manifest.input);
      let result: ort.InferenceSession.OnnxValueMapType;
      try {
        result = await this.session.run(
          { [this.checked.inputName]: new ort.Tensor('float32', data, dims) },
          outputs,
        );
      } catch (err) {
        throw new StudioError('MODEL_REJECTED', `${this.file} failed to run: ${firstLine(err)}`);
      }
      outputs.forEach((name, k) => {
        const tensor = result[name]!;
        const rows = toFloat64(tensor, this.file, name);
        const width = rows.length / padded.length;
        if (tensor.dims[0] !== padded.length || !Number.isInteger(width))
          throw new StudioError(
            'MODEL_REJECTED',
            `${this.file}: output "${name}" has shape [${tensor.dims.join(', ')}] for a batch of ${padded.length}`,
          );
        parts[k]!.push(rows.subarray(0, chunk.length * width));
        widths[k] = width;
      });
    }
    return parts.map((chunks, k) => {
      const data = new Float64Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        data.set(c, at);
        at += c.length;
      }
      return { data, width: widths[k]! };
    });
  }

  private toProbabilities(raw: OutputRows): Float64Array {
    const classifier = this.manifest.classifier!;
    if (raw.data.length === 0) return raw.data; // no images
    if (raw.width !== classifier.classes)
      throw new StudioError(
        'MODEL_REJECTED',
        `${this.file}: output "${classifier.output}" has ${raw.width} values per image, the manifest says ${classifier.classes} classes`,
      );
    return classifier.softmax ? raw.data : softmaxRows(raw.data, classifier.classes);
  }

  async features(images: readonly RgbaImage[]): Promise<Float64Array> {
    const [features] = await this.run(images, [this.manifest.features]);
    return features!.data;
  }

  async probabilities(images: readonly RgbaImage[]): Promise<Float64Array> {
    const classifier = this.manifest.classifier;
    if (classifier === undefined)
      throw new StudioError(
        'BAD_REQUEST',
        `${this.label} has no classifier head (no Inception Score)`,
      );
    const [raw] = await this.run(images, [classifier.output]);
    return this.toProbabilities(raw!);
  }

  async extract(images: readonly RgbaImage[]): Promise<ExtractedBatch> {
    const classifier = this.manifest.classifier;
    const outputs = [this.manifest.features, ...(classifier ? [classifier.output] : [])];
    const [features, raw] = await this.run(images, outputs);
    return { features: features!.data, probabilities: raw ? this.toProbabilities(raw) : null };
  }

  /** One blank image through the network: learns `dim` and checks the classifier width. */
  async probe(): Promise<void> {
    const { width, height } = this.manifest.input;
    const blank = { width, height, rgba: new Uint8Array(width * height * 4) };
    const { features } = await this.extract([blank]);
    if (features.length === 0)
      throw new StudioError(
        'MODEL_REJECTED',
        `${this.file}: output "${this.manifest.features}" is empty`,
      );
    this.dim = features.length;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

async function readModelBytes(file: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StudioError(
      'BAD_FILE',
      code === 'ENOENT' ? `${file} does not exist` : `${file} cannot be read: ${firstLine(err)}`,
    );
  }
  const verdict = judgeOnnxBytes(bytes);
  if (verdict === 'truncated')
    throw new StudioError(
      'BAD_FILE',
      `${file} is truncated or damaged (the model data ends early)`,
    );
  if (verdict === 'not-onnx')
    throw new StudioError('BAD_FILE', `${file} is not an ONNX model file`);
  return bytes;
}

/** First 12 hex digits of the file's SHA-256: enough to tell two extractor files apart. */
export function shortSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 12);
}

/**
 * Opens an ONNX feature extractor and its manifest, checks one against the other (input dims,
 * named outputs, classifier width), and runs one blank image to learn the feature dimension.
 */
export async function openOnnxExtractor(
  file: string,
  options: OnnxExtractorOptions = {},
): Promise<FeatureExtractor> {
  const manifest = await readExtractorManifest(options.manifestPath ?? manifestPathFor(file));
  const bytes = await readModelBytes(file);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      intraOpNumThreads: availableParallelism(),
      graphOptimizationLevel: 'all',
    });
  } catch (err) {
    throw new StudioError(
      'MODEL_REJECTED',
      `${file} cannot be run by onnxruntime: ${firstLine(err)}`,
    );
  }
  try {
    const checked = checkSession(session, manifest, file);
    const id = options.id ?? `${manifest.name}@${shortSha256(bytes)}${resizeTag(manifest.input)}`;
    const label =
      options.label ??
      `${manifest.description ?? manifest.name} (${basename(file)}, user extractor)`;
    const extractor = new OnnxFeatureExtractor(id, label, session, manifest, checked, file);
    await extractor.probe();
    return extractor;
  } catch (err) {
    await session.release().catch(() => undefined);
    throw err;
  }
}
