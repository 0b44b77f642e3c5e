import type { Feed } from '../../autodiff/compiled-graph';
import { vocabFromTokens } from '../../autoregressive/char-vocab';
import {
  addNll,
  bits,
  pixelNllSum,
  tokenNllSum,
  type NllSum,
} from '../../autoregressive/likelihood';
import { ParamForward } from '../../autoregressive/param-forward';
import { samplePixels } from '../../autoregressive/pixel-sampler';
import { generateTokens } from '../../autoregressive/text-generate';
import { createRng } from '../../latent/prng';
import type { RgbaImage } from '../../image/png';
import { LEVELS, pixelCnn, pixelReach, textTransformer } from '../../nets/autoregressive-nets';
import type { NetSpec } from '../../nets/net-spec';
import type { BatchSource } from '../data-source';
import { seededSubset } from '../detectors/held-out-split';
import type { StateArrays } from '../runtime/step-runner';
import { hashSeed, normals } from '../step-rng';
import type { TextBatchSource } from '../text-source';
import type { AdamSettings } from './adam-ops';
import { oneHot, pixelNll, tokenCrossEntropy } from './autoregressive-losses';
import type { ModelSetup, TrainingFamily } from './family';
import { corrections, initialFrom } from './family-parts';
import { nhwcToNchw } from './layout';
import { likelihoodProgram } from './likelihood-step';

/**
 * The autoregressive families (issue 11): a gated PixelCNN on images and a decoder-only
 * transformer on text, each one network ("g") trained by maximum likelihood with Adam. Their
 * previews are samples (an image filled pixel by pixel; a continuation of a fixed prompt), and
 * their own measure, the held-out negative log-likelihood (bits/dim, bits/char), is charted as a
 * train.metrics `nll` point at every preview.
 */
export interface AutoregressivePreview {
  image?: { width: number; height: number; rgba: Uint8Array };
  text?: string;
}

export interface AutoregressiveSession {
  preview(step: number): Promise<AutoregressivePreview>;
  /** Fixed-seed image samples for the image detectors and FID/KID (PixelCNN). */
  samples?(count: number): Promise<RgbaImage[]>;
  heldOutNll(): Promise<{
    heldOut: number;
    train: number;
    count: number;
    unit: 'bits/dim' | 'bits/char';
  } | null>;
  dispose(): Promise<void>;
}

export interface AutoregressiveHooks {
  open(ctx: { source: BatchSource; state: () => Readonly<StateArrays> }): AutoregressiveSession;
}

/** Held-out likelihood is measured on at most this many images / windows of text. */
export const NLL_ITEMS = 64;
const CHUNK = 16;
const PREVIEW_TEXT_TOKENS = 160;

const adamOf = (lr: number): AdamSettings => ({
  learningRate: lr,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
});

export function pixelFilters(width: number, channels: number): number {
  return Math.max(channels, Math.ceil(width / channels) * channels);
}

export function pixelCnnFamily(setup: ModelSetup): TrainingFamily {
  const { config } = setup;
  const { size, channels } = config;
  const net = pixelCnn({
    size,
    channels,
    filters: pixelFilters(setup.width, channels),
    blocks: config.layers ?? 5,
  });
  const adam = adamOf(config.learningRate);
  const hw = size * size;
  const program = likelihoodProgram({
    net,
    batchSpecs: (n) => ({
      input: { shape: [n, channels, size, size], dtype: 'float32' },
      target: { shape: [n, channels, LEVELS, size, size], dtype: 'float32' },
    }),
    nll: pixelNll,
    lossName: 'bitsPerDim',
    adam,
  });
  const nets = { g: net };
  return {
    setup,
    nets,
    program,
    optimizers: { ar: adam },
    initialState: () => initialFrom(program, nets, config.seed),
    batchInputs(nhwc, n): Record<string, Feed> {
      const x = nhwcToNchw(nhwc, n, size, size, channels);
      return { input: x, target: oneHot(levelsOf(x), LEVELS, n * channels, hw) };
    },
    scalars: (_step, t) => corrections('ar', adam, t),
    // Its latent is the sampling noise: one uniform per sub-pixel (its own previews use it).
    sampler: { spec: net, prefix: 'g', standingStats: false, latentSize: channels * hw },
    autoregressive: { open: (ctx) => pixelSession(setup, net, ctx) },
  };
}

/** Loader floats (b / 127.5 − 1) back to their bytes. */
export function levelsOf(x: Float32Array): Uint8Array {
  return Uint8Array.from(x, (v) => Math.min(255, Math.max(0, Math.round((v + 1) * 127.5))));
}

const weights = (state: () => Readonly<StateArrays>) => (name: string) => {
  const v = state()[`g.${name}`];
  if (!v) throw new Error(`The training state has no weights for g.${name}.`);
  return v;
};

function pixelSession(
  setup: ModelSetup,
  net: NetSpec,
  ctx: { source: BatchSource; state: () => Readonly<StateArrays> },
): AutoregressiveSession {
  const { size, channels, seed } = setup.config;
  const forward = new ParamForward(net);
  const params = weights(ctx.state);
  const hw = size * size;
  const sample = async (count: number, salt: number) => {
    const z = normals(createRng(hashSeed(seed, salt)), count * channels * hw);
    const out = new Uint8Array(count * channels * hw);
    for (let start = 0; start < count; start += CHUNK) {
      const n = Math.min(CHUNK, count - start);
      const levels = await samplePixels({
        n,
        channels,
        size,
        reach: pixelReach(net),
        z: z.subarray(start * channels * hw, (start + n) * channels * hw),
        temperature: 1,
        logits: (x, k, h, w) => forward.run(x, [k, channels, h, w], params),
      });
      out.set(levels, start * channels * hw);
    }
    return out;
  };
  const toRgba = (levels: Uint8Array, i: number): Uint8Array => {
    const rgba = new Uint8Array(hw * 4);
    for (let p = 0; p < hw; p++) {
      for (let c = 0; c < 3; c++)
        rgba[p * 4 + c] = levels[(i * channels + (channels === 1 ? 0 : c)) * hw + p]!;
      rgba[p * 4 + 3] = 255;
    }
    return rgba;
  };
  const nllOf = async (bytes: Uint8Array, count: number): Promise<NllSum> => {
    // Cache bytes are NHWC; the network reads NCHW floats.
    let sum: NllSum = { nats: 0, count: 0 };
    for (let start = 0; start < count; start += CHUNK) {
      const n = Math.min(CHUNK, count - start);
      const part = bytes.subarray(start * hw * channels, (start + n) * hw * channels);
      const x = nhwcToNchw(
        Float32Array.from(part, (v) => v / 127.5 - 1),
        n,
        size,
        size,
        channels,
      );
      const logits = await forward.run(x, [n, channels, size, size], params);
      sum = addNll(sum, pixelNllSum(logits, levelsOf(x), n, channels, hw));
    }
    return sum;
  };
  return {
    async preview() {
      const levels = await sample(16, 0x9e1e57);
      const side = 4 * size;
      const rgba = new Uint8Array(side * side * 4);
      for (let i = 0; i < 16; i++) {
        const tile = toRgba(levels, i);
        const [ox, oy] = [(i % 4) * size, Math.floor(i / 4) * size];
        for (let y = 0; y < size; y++)
          rgba.set(tile.subarray(y * size * 4, (y + 1) * size * 4), ((oy + y) * side + ox) * 4);
      }
      return { image: { width: side, height: side, rgba } };
    },
    async samples(count) {
      const levels = await sample(count, 0xe7a1);
      return Array.from({ length: count }, (_, i) => ({
        width: size,
        height: size,
        rgba: toRgba(levels, i),
      }));
    },
    async heldOutNll() {
      const images = ctx.source.images;
      if (!images || images.heldOutIndices.length === 0) return null;
      const held = seededSubset(images.heldOutIndices, NLL_ITEMS, seed, 0x4e1d1);
      const train = seededSubset(images.trainIndices, held.length, seed, 0x4e1d2);
      return {
        heldOut: bits(await nllOf(await images.read(held), held.length)),
        train: bits(await nllOf(await images.read(train), train.length)),
        count: held.length,
        unit: 'bits/dim',
      };
    },
    dispose: () => forward.dispose(),
  };
}

export function textFamily(setup: ModelSetup): TrainingFamily {
  const { config } = setup;
  if (!setup.vocab) throw new Error('A text run needs the vocabulary learnt from its folder.');
  const vocab = setup.vocab.length;
  const context = config.context ?? 128;
  const net = textTransformer({
    vocab,
    context,
    width: setup.width,
    layers: config.layers ?? 4,
    heads: config.heads ?? Math.max(1, Math.round(setup.width / 32)),
  });
  const adam = adamOf(config.learningRate);
  const program = likelihoodProgram({
    net,
    batchSpecs: (n) => ({
      input: { shape: [n, context, vocab], dtype: 'float32' },
      target: { shape: [n, context, vocab], dtype: 'float32' },
    }),
    nll: tokenCrossEntropy,
    lossName: 'bitsPerChar',
    adam,
  });
  const nets = { g: net };
  const window = context + 1;
  return {
    setup,
    nets,
    program,
    optimizers: { ar: adam },
    sampleFloats: window,
    initialState: () => initialFrom(program, nets, config.seed),
    batchInputs(ids, n): Record<string, Feed> {
      const input = new Int32Array(n * context);
      const next = new Int32Array(n * context);
      for (let i = 0; i < n; i++)
        for (let t = 0; t < context; t++) {
          input[i * context + t] = ids[i * window + t]!;
          next[i * context + t] = ids[i * window + t + 1]!;
        }
      return {
        input: oneHot(input, vocab, n * context, 1),
        target: oneHot(next, vocab, n * context, 1),
      };
    },
    scalars: (_step, t) => corrections('ar', adam, t),
    // Text previews are generated text (its hooks), never drawn from a latent.
    sampler: { spec: net, prefix: 'g', standingStats: false, latentSize: 0 },
    autoregressive: { open: (ctx) => textSession(setup, net, context, ctx) },
  };
}

/** Logits [n, T, V] of token windows [n, T] through a ParamForward. */
export function textLogits(
  forward: ParamForward,
  vocab: number,
  context: number,
  params: (n: string) => Float32Array,
) {
  return (ids: Int32Array, n: number) =>
    forward.run(oneHot(ids, vocab, n * context, 1), [n, context, vocab], params);
}

/** Up to `max` windows of T + 1 ids spread evenly over `ids` (non-overlapping when it is long enough). */
export function evalWindows(ids: Int32Array, context: number, max: number): Int32Array[] {
  const window = context + 1;
  if (ids.length < window) return [];
  const count = Math.min(max, Math.max(1, Math.floor(ids.length / window)));
  const stride = count > 1 ? Math.floor((ids.length - window) / (count - 1)) : 0;
  return Array.from({ length: count }, (_, i) => ids.subarray(i * stride, i * stride + window));
}

/** Bits per character of windows (each predicts its tokens 1..T from those before). */
export async function windowsNll(
  windows: Int32Array[],
  context: number,
  vocab: number,
  logits: (ids: Int32Array, n: number) => Promise<Float32Array>,
): Promise<NllSum> {
  let sum: NllSum = { nats: 0, count: 0 };
  for (let start = 0; start < windows.length; start += CHUNK) {
    const part = windows.slice(start, start + CHUNK);
    const input = new Int32Array(part.length * context);
    const next = new Int32Array(part.length * context);
    part.forEach((w, i) => {
      input.set(w.subarray(0, context), i * context);
      next.set(w.subarray(1, context + 1), i * context);
    });
    sum = addNll(
      sum,
      tokenNllSum(await logits(input, part.length), next, part.length, context, vocab),
    );
  }
  return sum;
}

function textSession(
  setup: ModelSetup,
  net: NetSpec,
  context: number,
  ctx: { source: BatchSource; state: () => Readonly<StateArrays> },
): AutoregressiveSession {
  const source = ctx.source as TextBatchSource;
  const vocab = vocabFromTokens(setup.vocab!);
  const forward = new ParamForward(net);
  const logits = textLogits(forward, vocab.tokens.length, context, weights(ctx.state));
  const prompt = vocab.encode(
    source.corpus.heldOut[0]?.slice(0, 48) ?? source.corpus.train[0]!.slice(0, 48),
  );
  return {
    async preview() {
      const tokens = await generateTokens({
        context,
        vocab: vocab.tokens.length,
        logits,
        prompt,
        startToken: 0,
        maxTokens: PREVIEW_TEXT_TOKENS,
        temperature: 0.8,
        topK: 0,
        topP: 0.95,
        seed: setup.config.seed,
      });
      return { text: `${vocab.decode(prompt)}⟨${vocab.decode(tokens)}⟩` };
    },
    async heldOutNll() {
      const held = evalWindows(source.heldOutIds, context, NLL_ITEMS);
      if (held.length === 0) return null;
      const train = evalWindows(source.trainIds, context, held.length);
      const v = vocab.tokens.length;
      return {
        heldOut: bits(await windowsNll(held, context, v, logits)),
        train: bits(await windowsNll(train, context, v, logits)),
        count: held.length,
        unit: 'bits/char',
      };
    },
    dispose: () => forward.dispose(),
  };
}
