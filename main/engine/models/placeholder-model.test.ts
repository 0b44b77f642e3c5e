import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectModel, loadGenerator } from './load-generator';
import { probeLatents } from './range';

const MODEL = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'assets',
  'models',
  'placeholder-cppn.onnx',
);

const meanAbsDiff = (a: Float32Array, b: Float32Array): number =>
  a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;

describe('bundled placeholder CPPN', () => {
  it('is a 32-d, 64x64 RGB, [-1,1] generator that says what it is', async () => {
    expect(await inspectModel(MODEL)).toEqual({
      format: 'onnx',
      latentShape: [-1, 32],
      latentDim: 32,
      batch: 'dynamic',
      layout: 'NCHW',
      channels: 3,
      width: 64,
      height: 64,
      range: [-1, 1],
      rangeSource: 'activation',
      warnings: [],
      name: 'Placeholder CPPN (script-made)',
      note: 'Placeholder made by scripts/make_default_model.py (random CPPN, not trained) until the app ships a model it trained itself.',
    });
  });

  it('gives clearly different images for different z and nearly the same for nearby z', async () => {
    const gen = await loadGenerator(MODEL);
    const [a, b] = [probeLatents(32, 1, 1), probeLatents(32, 1, 2)];
    const near = a.map((v, i) => v + 0.02 * b[i]!);
    const out = await gen.generate(Float32Array.from([...a, ...b, ...near]), 3);
    const per = 3 * 64 * 64;
    const [ia, ib, inear] = [
      out.subarray(0, per),
      out.subarray(per, 2 * per),
      out.subarray(2 * per),
    ];
    const far = meanAbsDiff(ia, ib);
    expect(far).toBeGreaterThan(0.3);
    expect(meanAbsDiff(ia, inear)).toBeLessThan(far / 5);
    // Colourful, not grey: the three channels of one image differ from each other.
    const plane = 64 * 64;
    expect(meanAbsDiff(ia.subarray(0, plane), ia.subarray(plane, 2 * plane))).toBeGreaterThan(0.2);
    await gen.dispose();
  });
});
