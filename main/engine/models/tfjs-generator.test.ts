import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadGenerator, tfjsBackendName, tfjsRuntimeName } from './load-generator';
import { probeLatents } from './range';
import { tfjsRuntime } from './tfjs-backend';

const MODEL_DIR = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'test',
  'fixtures',
  'models',
  'tfjs-gen',
);

describe('tfjs LayersModel generator', () => {
  it('runs on the wasm backend here (tfjs-node is not installed)', async () => {
    expect(await tfjsBackendName()).toBe('wasm');
    expect(await tfjsRuntimeName()).toBe('tfjs 4.22.0 (wasm)');
  });

  it('detects the fixture from the folder or from model.json', async () => {
    for (const path of [MODEL_DIR, join(MODEL_DIR, 'model.json')]) {
      const gen = await loadGenerator(path);
      expect(gen.props).toEqual({
        format: 'tfjs',
        latentShape: [-1, 16],
        latentDim: 16,
        batch: 'dynamic',
        layout: 'NHWC',
        channels: 3,
        width: 8,
        height: 8,
        range: [0, 1],
        rangeSource: 'activation', // Dense -> Reshape -> Activation(sigmoid)
        warnings: [],
      });
      expect(gen.runtime).toBe('tfjs 4.22.0 (wasm)');
      await gen.dispose();
    }
  });

  it('gives the same pixels as a direct tfjs predict on the saved weights', async () => {
    const { tf } = await tfjsRuntime();
    const json = JSON.parse(readFileSync(join(MODEL_DIR, 'model.json'), 'utf8')) as {
      modelTopology: TF.io.ModelArtifacts['modelTopology'];
      weightsManifest: { weights: TF.io.WeightsManifestEntry[] }[];
    };
    const bin = readFileSync(join(MODEL_DIR, 'weights.bin'));
    const direct = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
      }),
    );
    const z = probeLatents(16, 3, 11);
    const want = tf.tidy(() => (direct.predict(tf.tensor(z, [3, 16])) as TF.Tensor).dataSync());
    direct.dispose();

    const gen = await loadGenerator(MODEL_DIR);
    const got = await gen.generate(z, 3);
    await gen.dispose();
    expect(got.length).toBe(3 * 8 * 8 * 3);
    expect(want.length).toBe(got.length);
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    expect(Math.min(...got)).toBeGreaterThan(0);
    expect(Math.max(...got)).toBeLessThan(1);
  });

  it('frees every tensor it makes while generating', async () => {
    const { tf } = await tfjsRuntime();
    const gen = await loadGenerator(MODEL_DIR);
    await gen.generate(probeLatents(16, 2), 2);
    const before = tf.memory().numTensors;
    await gen.generate(probeLatents(16, 70), 70);
    expect(tf.memory().numTensors).toBe(before);
    await gen.dispose();
  });
});
