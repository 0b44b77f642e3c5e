import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/contract/dispatch';
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
import { openTempStudio } from '../support/temp-studio';
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
}, 900_000);

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

describe('pixelcnn.sample through the dispatch gate', () => {
  let temp: Awaited<ReturnType<typeof openTempStudio>>;
  beforeAll(async () => {
    temp = await openTempStudio('browser');
  });
  afterAll(() => temp.close());

  it('fills in row by row, as events, the image the model draws from that latent', async () => {
    const rows: number[] = [];
    const off = temp.studio.onEvent((event, payload) => {
      const p = payload as { jobId: string; row: number; frames: unknown[] };
      if (event === 'pixelcnn.row' && p.jobId === 'px-1') rows.push(p.row);
    });
    const r = await dispatch(temp.studio.handlers, 'pixelcnn.sample', {
      modelId: pixel.file,
      latents: [{ kind: 'seed', seed: 3 }],
      jobId: 'px-1',
    });
    off();
    if (!r.ok) throw new Error(r.error.message);
    expect(rows).toEqual(Array.from({ length: 32 }, (_, i) => i));
    const { frames } = r.value as { frames: { rgba: Uint8Array; seed: number | null }[] };
    expect(frames[0]!.seed).toBe(3);
    const opened = await openModel(pixel.file);
    const direct = await opened.generator.generate(sampleNormalLatent(3, 3 * 32 * 32), 1);
    await opened.generator.dispose();
    // Level v of colour c at pixel p is the frame's byte 4p + c.
    for (let p = 0; p < 32 * 32; p += 37)
      for (let c = 0; c < 3; c++)
        expect(frames[0]!.rgba[4 * p + c]).toBe(Math.round(direct[c * 1024 + p]! * 255));
  });

  it('completes the bottom of an image, keeping its top rows, and can be cancelled', async () => {
    const image = join(pixel.out, 'top.png');
    const { default: sharp } = await import('sharp');
    await sharp({ create: { width: 32, height: 32, channels: 3, background: '#2060c0' } })
      .png()
      .toFile(image);
    const r = await dispatch(temp.studio.handlers, 'pixelcnn.sample', {
      modelId: pixel.file,
      latents: [
        { kind: 'seed', seed: 1 },
        { kind: 'seed', seed: 2 },
      ],
      complete: { image, rows: 10 },
    });
    if (!r.ok) throw new Error(r.error.message);
    const { frames } = r.value as { frames: { rgba: Uint8Array }[] };
    expect(frames).toHaveLength(2);
    for (const f of frames)
      for (let p = 0; p < 10 * 32; p++)
        expect([...f.rgba.subarray(4 * p, 4 * p + 3)]).toEqual([32, 96, 192]);
    expect(frames[0]!.rgba.subarray(10 * 32 * 4)).not.toEqual(
      frames[1]!.rgba.subarray(10 * 32 * 4),
    );

    const off = temp.studio.onEvent((event, payload) => {
      if (event === 'pixelcnn.row' && (payload as { jobId: string }).jobId === 'px-2')
        void dispatch(temp.studio.handlers, 'job.cancel', { jobId: 'px-2' });
    });
    const cancelled = await dispatch(temp.studio.handlers, 'pixelcnn.sample', {
      modelId: pixel.file,
      latents: [{ kind: 'seed', seed: 5 }],
      jobId: 'px-2',
    });
    off();
    expect(cancelled.ok).toBe(false);
    if (!cancelled.ok) expect(cancelled.error.code).toBe('CANCELLED');
  });
});
