import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import type { ModelProperties } from '../../contract/channels';
import type {
  AutoregressiveInfo,
  PixelAutoregressive,
  TextAutoregressive,
} from '../../contract/autoregressive-schemas';
import type { Generator } from '../models/generator';
import { onnxRuntimeName } from '../models/onnx-generator';
import { vocabFromTokens, type CharVocab } from './char-vocab';
import { samplePixels, type PixelSampleRequest } from './pixel-sampler';
import {
  generateTokens,
  type GenerateRequest,
  type SamplingSettings,
  type TokenCache,
} from './text-generate';
import { cacheLayout, emptyPast, OrtTokenCache, type CacheLayout } from './text-kv-cache';

/**
 * Exported autoregressive models opened with onnxruntime (their manifest says kind
 * "autoregressive"; export-autoregressive.ts writes both).
 *
 * A PixelCNN is a Generator whose latent is its sampling noise: z has C·H·W values (NCHW) and
 * becomes the uniforms of the sampler (pixel-sampler.ts), so seeds, grids, PNG metadata and
 * evaluation work as for every other model; the output is the image in [0, 1].
 */
function session(file: string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(file, {
    executionProviders: ['cpu'],
    intraOpNumThreads: Math.max(1, availableParallelism()),
    graphOptimizationLevel: 'all',
  });
}

export class PixelCnnModel implements Generator {
  readonly kind = 'autoregressive' as const;
  readonly runtime = onnxRuntimeName();
  readonly props: ModelProperties;
  readonly info: AutoregressiveInfo;

  constructor(
    private readonly s: ort.InferenceSession,
    manifest: PixelAutoregressive,
  ) {
    this.info = { ...manifest, temperature: manifest.temperature ?? 1 };
    const { channels, size } = manifest;
    this.props = {
      format: 'onnx',
      latentShape: [channels * size * size],
      latentDim: channels * size * size,
      batch: 'dynamic',
      layout: 'NCHW',
      channels,
      width: size,
      height: size,
      range: [0, 1],
      rangeSource: 'manifest',
      warnings: [],
    };
  }

  /** Logits [n, C·L, h, w] of images (or windows) [n, C, h, w] in [-1, 1]. */
  async logits(x: Float32Array, n: number, h: number, w: number): Promise<Float32Array> {
    const out = await this.s.run({
      image: new ort.Tensor('float32', x, [n, this.info.channels, h, w]),
    });
    return out.logits!.data as Float32Array;
  }

  /** Levels (bytes, NCHW) of n samples; see PixelSampleRequest for completion and progress. */
  sample(
    z: Float32Array,
    n: number,
    options: Pick<PixelSampleRequest, 'keep' | 'beforeStep' | 'onPixel'> & {
      temperature?: number;
    } = {},
  ): Promise<Uint8Array> {
    const { channels, size, reach, levels } = this.info;
    return samplePixels({
      n,
      channels,
      size,
      levels,
      reach,
      z,
      temperature: options.temperature ?? this.info.temperature,
      logits: (x, k, h, w) => this.logits(x, k, h, w),
      ...(options.keep && { keep: options.keep }),
      ...(options.beforeStep && { beforeStep: options.beforeStep }),
      ...(options.onPixel && { onPixel: options.onPixel }),
    });
  }

  async generate(z: Float32Array, count: number): Promise<Float32Array> {
    const levels = await this.sample(z, count);
    return Float32Array.from(levels, (v) => v / (this.info.levels - 1));
  }

  dispose(): Promise<void> {
    return this.s.release();
  }
}

export function isPixelCnnModel(g: Generator): g is PixelCnnModel {
  return g instanceof PixelCnnModel;
}

export async function loadPixelCnn(
  file: string,
  manifest: PixelAutoregressive,
): Promise<PixelCnnModel> {
  const s = await session(file);
  if (!s.inputNames.includes('image') || !s.outputNames.includes('logits')) {
    await s.release();
    throw new Error('a PixelCNN export has an "image" input and a "logits" output');
  }
  return new PixelCnnModel(s, manifest);
}

/**
 * A character-level text model: ids in, next-token logits out, generation from a prompt — on the
 * key/value cache when the export has one (text-kv-cache.ts), else recomputing the window.
 */
export class TextModel {
  readonly vocab: CharVocab;
  readonly context: number;
  readonly runtime = onnxRuntimeName();
  /** The export's key/value cache inputs and outputs, or null (an export from before them). */
  readonly cache: CacheLayout | null;

  constructor(
    private readonly s: ort.InferenceSession,
    manifest: TextAutoregressive,
  ) {
    this.vocab = vocabFromTokens(manifest.vocab);
    this.context = manifest.context;
    this.cache = cacheLayout(s);
  }

  /** Logits [n, T, V] of n windows of T ids (with empty caches when the graph takes them). */
  async logits(ids: Int32Array, n: number): Promise<Float32Array> {
    const tokens = new ort.Tensor(
      'int64',
      BigInt64Array.from(ids, (v) => BigInt(v)),
      [n, this.context],
    );
    const past = this.cache ? emptyPast(this.cache, n) : {};
    return (await this.s.run({ tokens, ...past })).logits!.data as Float32Array;
  }

  /** A fresh key/value cache for one generation, or null when the export has none. */
  tokenCache(): TokenCache | null {
    return this.cache && new OrtTokenCache(this.s, this.cache, this.vocab.tokens.length);
  }

  /** The prompt's token used when a prompt is empty: a newline, else the most frequent character. */
  get startToken(): number {
    const nl = this.vocab.tokens.indexOf('\n');
    return nl > 0 ? nl : 1;
  }

  async generate(
    prompt: string,
    settings: SamplingSettings & { maxTokens: number },
    hooks: Pick<GenerateRequest, 'beforeStep' | 'onToken'> = {},
    options: { recompute?: boolean } = {},
  ): Promise<{ text: string; tokens: number }> {
    const cache = options.recompute ? null : this.tokenCache();
    const ids = await generateTokens({
      ...settings,
      ...(cache && { cache }),
      context: this.context,
      vocab: this.vocab.tokens.length,
      logits: (w, n) => this.logits(w, n),
      prompt: this.vocab.encode(prompt),
      startToken: this.startToken,
      ...hooks,
    });
    return { text: this.vocab.decode(ids), tokens: ids.length };
  }

  dispose(): Promise<void> {
    return this.s.release();
  }
}

export async function loadTextModel(
  file: string,
  manifest: TextAutoregressive,
): Promise<TextModel> {
  const s = await session(file);
  if (!s.inputNames.includes('tokens') || !s.outputNames.includes('logits')) {
    await s.release();
    throw new Error('a text model export has a "tokens" input and a "logits" output');
  }
  return new TextModel(s, manifest);
}
