import * as ort from 'onnxruntime-node';
import { PAST, PRESENT } from '../onnx-export/text-cached-graph';
import type { TokenCache } from './text-generate';

/**
 * The key/value cache of one generation on an exported text model that has one (its graph takes
 * past_key_values.{l}.key|value and returns present.{l}.key|value, text-cached-graph.ts). The
 * present tensors of one run are fed back as the past of the next, as onnxruntime returned them
 * (no copies in JavaScript). Models exported before the cache existed have a `tokens` input only:
 * `cacheLayout` says null and generation recomputes the window.
 */
export interface CacheLayout {
  layers: number;
  /** Heads and head size, read from the graph's declared input shape. */
  heads: number;
  headDim: number;
}

export function cacheLayout(s: ort.InferenceSession): CacheLayout | null {
  let layers = 0;
  while (s.inputNames.includes(PAST(layers, 'key'))) layers += 1;
  if (layers === 0 || !s.outputNames.includes(PRESENT(layers - 1, 'value'))) return null;
  const meta = s.inputMetadata.find((m) => m.name === PAST(0, 'key'));
  const shape = meta && meta.isTensor ? meta.shape : [];
  const [, heads, , headDim] = shape;
  if (typeof heads !== 'number' || typeof headDim !== 'number') return null;
  return { layers, heads, headDim };
}

/** Empty caches ([n, heads, 0, headDim]): with them the graph is the plain model. */
export function emptyPast(layout: CacheLayout, n: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  const empty = new ort.Tensor('float32', new Float32Array(0), [
    n,
    layout.heads,
    0,
    layout.headDim,
  ]);
  for (let l = 0; l < layout.layers; l++) {
    feeds[PAST(l, 'key')] = empty;
    feeds[PAST(l, 'value')] = empty;
  }
  return feeds;
}

const ids = (tokens: ArrayLike<number>) =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from(tokens, (v) => BigInt(v)),
    [1, tokens.length],
  );

export class OrtTokenCache implements TokenCache {
  private past: Record<string, ort.Tensor> | null = null;

  constructor(
    private readonly s: ort.InferenceSession,
    private readonly layout: CacheLayout,
    private readonly vocab: number,
  ) {}

  private async run(tokens: ArrayLike<number>, past: Record<string, ort.Tensor>) {
    const out = await this.s.run({ tokens: ids(tokens), ...past });
    const next: Record<string, ort.Tensor> = {};
    for (let l = 0; l < this.layout.layers; l++)
      for (const part of ['key', 'value'] as const) next[PAST(l, part)] = out[PRESENT(l, part)]!;
    this.past = next;
    const logits = out.logits!.data as Float32Array;
    return logits.slice(logits.length - this.vocab);
  }

  prefill(tokens: Int32Array): Promise<Float32Array> {
    return this.run(tokens, emptyPast(this.layout, 1));
  }

  step(token: number): Promise<Float32Array> {
    if (!this.past) throw new Error('step() before prefill()');
    return this.run([token], this.past);
  }
}
