import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPixelCnnModel, type PixelCnnModel } from '../../main/engine/autoregressive/onnx-models';
import {
  levelToValue,
  normalCdf,
  pickLevel,
  samplePixels,
} from '../../main/engine/autoregressive/pixel-sampler';
import { TextModelLibrary } from '../../main/engine/autoregressive/text-library';
import { sampleNormalLatent } from '../../main/engine/latent/prng';
import { openModel } from '../../main/engine/models/load-generator';
import { manifestPathFor } from '../../main/engine/models/manifest';
import { tinyPixelCnn, tinyTextModel, type TinyRun } from './tiny-runs';

/**
 * Exported autoregressive models opened as the app opens them: a PixelCNN is a library generator
 * whose latent is its sampling noise (same latent, same image), its windowed sampler gives exactly
 * the image a full-image sampler gives, and a text model generates the same text from the same
 * seed; a text model is refused where an image model is expected, in words.
 */
let pixel: TinyRun;
let text: TinyRun;
let dataDir: string;

beforeAll(async () => {
  pixel = await tinyPixelCnn();
  text = await tinyTextModel();
  dataDir = await mkdtemp(join(tmpdir(), 'latent-text-lib-'));
}, 300_000);

describe('exported PixelCNN', () => {
  let model: PixelCnnModel;
  beforeAll(async () => {
    const opened = await openModel(pixel.file);
    if (!isPixelCnnModel(opened.generator)) throw new Error('not opened as a PixelCNN');
    model = opened.generator;
  });
  afterAll(() => model.dispose());

  it('says it is autoregressive, with its reach, and draws images in [0, 1] from a latent', async () => {
    const manifest = JSON.parse(await readFile(manifestPathFor(pixel.file, 'onnx'), 'utf8')) as {
      kind: string;
      autoregressive: { modality: string };
    };
    expect(manifest.kind).toBe('autoregressive');
    expect(manifest.autoregressive.modality).toBe('image');
    expect(model.info).toMatchObject({ modality: 'image', channels: 3, size: 32, levels: 256 });
    // 2 blocks of 3×3 convs (input + 1 gated): 2 columns each side, one more row up (v → h).
    expect(model.info.reach).toEqual({ up: 3, side: 2 });
    expect(model.props.latentDim).toBe(3 * 32 * 32);
  });

  it('samples deterministically: the same latent gives the same image, another latent another', async () => {
    // A small canvas keeps this quick: the exported graph has free height and width.
    const small = { ...model.info, size: 8 };
    const run = (seed: number) =>
      samplePixels({
        n: 2,
        channels: 3,
        size: small.size,
        reach: small.reach,
        z: sampleNormalLatent(seed, 2 * 3 * 64),
        temperature: 1,
        logits: (x, n, h, w) => model.logits(x, n, h, w),
      });
    const a = await run(11);
    expect(await run(11)).toEqual(a);
    expect(await run(12)).not.toEqual(a);
  });

  it('windowed sampling gives exactly the image a full-image sampler gives', async () => {
    const size = 8;
    const c = 3;
    const hw = size * size;
    const z = sampleNormalLatent(5, c * hw);
    const windowed = await samplePixels({
      n: 1,
      channels: c,
      size,
      reach: model.info.reach,
      z,
      temperature: 0.8,
      logits: (x, n, h, w) => model.logits(x, n, h, w),
    });
    // Reference: the whole image through the network for every sub-pixel (no windows).
    const x = new Float32Array(c * hw);
    const levels = new Uint8Array(c * hw);
    for (let p = 0; p < hw; p++)
      for (let ch = 0; ch < c; ch++) {
        const logits = await model.logits(x, 1, size, size);
        const level = pickLevel(
          logits,
          ch * 256 * hw + p,
          hw,
          256,
          0.8,
          normalCdf(z[ch * hw + p]!),
        );
        levels[ch * hw + p] = level;
        x[ch * hw + p] = levelToValue(level);
      }
    expect(windowed).toEqual(levels);
  });

  it('completion keeps the rows above and fills the rest', async () => {
    const size = 8;
    const keep = new Uint8Array(3 * size * size).fill(17);
    const z = sampleNormalLatent(9, keep.length);
    const out = await samplePixels({
      n: 1,
      channels: 3,
      size,
      reach: model.info.reach,
      z,
      temperature: 1,
      keep: { levels: keep, rows: 3 },
      logits: (x, n, h, w) => model.logits(x, n, h, w),
    });
    for (let ch = 0; ch < 3; ch++) {
      const plane = out.subarray(ch * 64, (ch + 1) * 64);
      expect([...plane.subarray(0, 24)].every((v) => v === 17)).toBe(true);
      expect([...plane.subarray(24)].some((v) => v !== 17)).toBe(true);
    }
  });
});

describe('exported text model', () => {
  const library = () => new TextModelLibrary({ assetsDir: join(dataDir, 'no-assets'), dataDir });

  it('generates the same text from the same seed, token by token, with the asked length', async () => {
    const lib = library();
    const { info, model } = await lib.model(text.file);
    expect(info).toMatchObject({ kind: 'autoregressive', modality: 'text', context: 16 });
    const settings = { maxTokens: 24, temperature: 1, topK: 0, topP: 1, seed: 7 };
    const streamed: number[] = [];
    const a = await model.generate('The house ', settings, {
      onToken: (t) => void streamed.push(t),
    });
    expect(a.tokens).toBe(24);
    expect(streamed).toHaveLength(24);
    expect(Array.from(a.text)).toHaveLength(24);
    expect(await model.generate('The house ', settings)).toEqual(a);
    // Greedy decoding ignores the seed.
    const greedy = { ...settings, temperature: 0 };
    expect(await model.generate('The', { ...greedy, seed: 1 })).toEqual(
      await model.generate('The', { ...greedy, seed: 2 }),
    );
    await lib.dispose();
  });

  it('imports into the text library and is listed there', async () => {
    const lib = library();
    const imported = await lib.import(text.file, 'Tiny');
    expect(imported).toMatchObject({ name: 'Tiny', source: 'imported' });
    expect((await library().list()).map((m) => m.id)).toContain(imported.id);
    await lib.dispose();
  });

  it('is refused where an image model is expected, saying why', async () => {
    await expect(openModel(text.file)).rejects.toThrow(/text model/);
  });
});
