import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelProperties } from '../../contract/channels';
import { inspectModel, loadGenerator, onnxRuntimeName } from './load-generator';
import { probeLatents } from './range';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'models');
type Expected = Omit<ModelProperties, 'format' | 'warnings'>;

// What scripts/make_fixtures.py builds; every value here comes from real onnxruntime sessions.
const expected: Record<string, Expected> = {
  'dcgan.onnx': {
    latentShape: [-1, 100, 1, 1],
    latentDim: 100,
    batch: 'dynamic',
    layout: 'NCHW',
    channels: 3,
    width: 32,
    height: 32,
    range: [-1, 1],
    rangeSource: 'activation',
  },
  'flat-nhwc-sigmoid.onnx': {
    latentShape: [-1, 64],
    latentDim: 64,
    batch: 'dynamic',
    layout: 'NHWC',
    channels: 3,
    width: 16,
    height: 16,
    range: [0, 1],
    rangeSource: 'activation',
  },
  'gray.onnx': {
    latentShape: [-1, 32],
    latentDim: 32,
    batch: 'dynamic',
    layout: 'NCHW',
    channels: 1,
    width: 28,
    height: 28,
    range: [-1, 1],
    rangeSource: 'activation',
  },
  'fixed-batch.onnx': {
    latentShape: [1, 16],
    latentDim: 16,
    batch: 1,
    layout: 'NCHW',
    channels: 3,
    width: 16,
    height: 16,
    range: [0, 1],
    rangeSource: 'activation',
  },
  'flat784.onnx': {
    latentShape: [-1, 20],
    latentDim: 20,
    batch: 'dynamic',
    layout: 'flat',
    channels: 1,
    width: 28,
    height: 28,
    range: [0, 1],
    rangeSource: 'activation',
  },
  'range255.onnx': {
    latentShape: [-1, 8],
    latentDim: 8,
    batch: 'dynamic',
    layout: 'NCHW',
    channels: 3,
    width: 8,
    height: 8,
    range: [0, 255],
    rangeSource: 'probe',
  },
  'wide-nchw.onnx': {
    latentShape: [-1, 12],
    latentDim: 12,
    batch: 'dynamic',
    layout: 'NCHW',
    channels: 3,
    width: 20,
    height: 12,
    range: [-1, 1],
    rangeSource: 'activation',
  },
};

describe('inspectModel on the ONNX fixtures', () => {
  for (const [file, want] of Object.entries(expected)) {
    it(`detects ${file}`, async () => {
      const props = await inspectModel(join(FIXTURES, file));
      expect(props).toEqual({ format: 'onnx', warnings: [], ...want });
    });
  }
});

describe('a model with extra outputs', () => {
  it('uses the first output and says so', async () => {
    expect(await inspectModel(join(FIXTURES, 'two-outputs.onnx'))).toMatchObject({
      layout: 'NCHW',
      channels: 3,
      width: 8,
      height: 8,
      range: [-1, 1],
      warnings: ['the model has 2 outputs (image, score); using the first, "image"'],
    });
  });
});

describe('ONNX generate', () => {
  it('reports the onnxruntime version it runs', () => {
    expect(onnxRuntimeName()).toBe('onnxruntime-node 1.30.0 (cpu)');
  });

  for (const [file, want] of Object.entries(expected)) {
    it(`${file}: five images, all inside the detected range`, async () => {
      const gen = await loadGenerator(join(FIXTURES, file));
      try {
        const out = await gen.generate(probeLatents(want.latentDim, 5, 42), 5);
        expect(out.length).toBe(5 * want.channels * want.width * want.height);
        let [min, max] = [Infinity, -Infinity];
        for (const v of out) [min, max] = [Math.min(min, v), Math.max(max, v)];
        expect(min).toBeGreaterThanOrEqual(want.range[0] - 1e-4);
        expect(max).toBeLessThanOrEqual(want.range[1] + 1e-4);
        expect(max - min).toBeGreaterThan(0); // not a constant image
      } finally {
        await gen.dispose();
      }
    });
  }

  it('loops a fixed-batch model: image i of a 5-latent call equals a 1-latent call on latent i', async () => {
    const gen = await loadGenerator(join(FIXTURES, 'fixed-batch.onnx'));
    const z = probeLatents(16, 5, 7);
    const all = await gen.generate(z, 5);
    const per = 3 * 16 * 16;
    for (const i of [0, 3, 4]) {
      const one = await gen.generate(z.slice(i * 16, (i + 1) * 16), 1);
      expect(Array.from(all.subarray(i * per, (i + 1) * per))).toEqual(Array.from(one));
    }
    await gen.dispose();
  });

  it('splits a dynamic batch of 70 into chunks without changing any image', async () => {
    const gen = await loadGenerator(join(FIXTURES, 'gray.onnx'));
    const z = probeLatents(32, 70, 9);
    const all = await gen.generate(z, 70);
    const per = 28 * 28;
    for (const i of [0, 63, 64, 69]) {
      const one = await gen.generate(z.slice(i * 32, (i + 1) * 32), 1);
      const got = all.subarray(i * per, (i + 1) * per);
      one.forEach((v, k) => expect(got[k]).toBeCloseTo(v, 5));
    }
    await gen.dispose();
  });

  it('returns an empty array for count 0 and refuses a latent of the wrong length', async () => {
    const gen = await loadGenerator(join(FIXTURES, 'gray.onnx'));
    expect((await gen.generate(new Float32Array(0), 0)).length).toBe(0);
    await expect(gen.generate(new Float32Array(31), 1)).rejects.toThrow(/expected 1x32/);
    await gen.dispose();
  });
});
