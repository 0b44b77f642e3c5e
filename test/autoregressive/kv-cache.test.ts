import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTextModel, type TextModel } from '../../main/engine/autoregressive/onnx-models';
import { windowStart } from '../../main/engine/autoregressive/text-generate';
import { OnnxOps } from '../../main/engine/autodiff/onnx-ops';
import { createRng } from '../../main/engine/latent/prng';
import { manifestSchema } from '../../main/engine/models/manifest';
import { textTransformer } from '../../main/engine/nets/autoregressive-nets';
import { initNetParams } from '../../main/engine/nets/net-params';
import { paramInfos } from '../../main/engine/nets/net-shapes';
import { runNet } from '../../main/engine/nets/run-net';
import { tempDir } from '../training/fixtures';

/**
 * Generation on the key/value cache (text-cached-graph.ts, text-kv-cache.ts) against
 * recomputing the window, on the bundled model (context 96, 3 blocks of 3 heads): the cached
 * logits of every position equal the whole window's, and the same seed and settings give the same
 * text both ways, past the context (where the window restarts on its last 3/4).
 */
const BUNDLED = join(__dirname, '../../assets/text-models/austen-char.onnx');
const PASSAGE =
  'It is a truth universally acknowledged, that a single man in possession of a good fortune, ' +
  'must be in want of a wife.';
let model: TextModel;

beforeAll(async () => {
  const sidecar = manifestSchema.parse(
    JSON.parse(await readFile(BUNDLED.replace(/\.onnx$/, '.json'), 'utf8')),
  );
  if (sidecar.autoregressive?.modality !== 'text') throw new Error('not a text model');
  model = await loadTextModel(BUNDLED, sidecar.autoregressive);
});
afterAll(() => model.dispose());

describe('the bundled text model on its key/value cache', () => {
  it('has a cache of 3 layers of 3 heads of 32', () => {
    expect(model.cache).toEqual({ layers: 3, heads: 3, headDim: 32 });
  });

  it('gives every position the logits of the whole window (to 1e-4)', async () => {
    const t = model.context;
    const ids = model.vocab.encode(PASSAGE).subarray(0, t);
    expect(ids.length).toBe(t);
    const v = model.vocab.tokens.length;
    const full = await model.logits(ids, 1);
    const cache = model.tokenCache()!;
    const rows = [await cache.prefill(ids.subarray(0, 10))];
    for (let p = 10; p < t; p++) rows.push(await cache.step(ids[p]!));
    let worst = 0;
    rows.forEach((row, i) => {
      const want = full.subarray((9 + i) * v, (10 + i) * v);
      row.forEach((x, k) => (worst = Math.max(worst, Math.abs(x - want[k]!))));
    });
    expect(rows).toHaveLength(t - 9);
    expect(worst).toBeLessThan(1e-4);
  }, 300_000);

  it('generates the text recomputation generates, for a fixed seed, past its context', async () => {
    const prompt = PASSAGE.slice(0, 40);
    for (const settings of [
      { maxTokens: 140, temperature: 0.9, topK: 20, topP: 0.95, seed: 5 },
      { maxTokens: 70, temperature: 0, topK: 0, topP: 1, seed: 0 },
    ]) {
      const cached = await model.generate(prompt, settings);
      const recomputed = await model.generate(prompt, settings, {}, { recompute: true });
      expect(cached.tokens).toBe(settings.maxTokens);
      expect(cached.text).toBe(recomputed.text);
    }
  }, 600_000);

  it('another seed gives other text (the comparison can fail)', async () => {
    const s = { maxTokens: 30, temperature: 1, topK: 0, topP: 1 };
    const a = await model.generate('She', { ...s, seed: 1 });
    expect((await model.generate('She', { ...s, seed: 2 })).text).not.toBe(a.text);
  }, 300_000);
});

describe('the generation window', () => {
  it('keeps its start while it fits, then restarts on the last 3/4 of the context', () => {
    expect(windowStart(0, 96, 96)).toBe(0);
    expect(windowStart(0, 97, 96)).toBe(97 - 72);
    expect(windowStart(25, 121, 96)).toBe(25);
    expect(windowStart(25, 122, 96)).toBe(122 - 72);
    expect(windowStart(0, 3, 2)).toBe(2);
  });
});

describe('a text model exported before the cache', () => {
  it('has no cache and generates by recomputing the window', async () => {
    // The exporter's graph of before: tokens [N, T] → one-hot → the network → logits.
    const spec = textTransformer({ vocab: 5, context: 8, width: 8, layers: 1, heads: 2 });
    const params = initNetParams(spec, createRng(3));
    const o = new OnnxOps();
    const tokens = o.g.input('tokens', [1, 8], 'int64', ['N', 8]);
    const [hot] = o.g.emit(
      'OneHot',
      [tokens, o.g.int64([5]), o.g.constant(new Float32Array([0, 1]), [2])],
      [{ shape: [1, 8, 5] }],
      { axis: { i: -1 } },
    );
    const table = new Map(
      [...paramInfos(spec)].map(([n, info]) => [n, o.constant(params[n]!.data, info.shape)]),
    );
    o.g.output(
      'logits',
      runNet(o, spec, (n) => table.get(n)!, hot!, { mode: 'infer' }),
    );
    const file = join(await tempDir('old-text-export'), 'old.onnx');
    await writeFile(file, o.g.encode('old'));
    const old = await loadTextModel(file, {
      modality: 'text',
      tokenizer: 'char',
      vocab: ['\uFFFD', 'a', 'b', 'c', ' '],
      context: 8,
    });
    expect(old.cache).toBeNull();
    expect(old.tokenCache()).toBeNull();
    const settings = { maxTokens: 20, temperature: 1, topK: 0, topP: 1, seed: 4 };
    const out = await old.generate('ab', settings);
    expect(out.tokens).toBe(20);
    expect(await old.generate('ab', settings, {}, { recompute: true })).toEqual(out);
    await old.dispose();
  }, 300_000);
});
