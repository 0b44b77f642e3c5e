import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GeneratorSpec, GeneratorWeights } from './generator-spec';
import {
  WEIGHTS_BIN,
  WEIGHTS_JSON,
  readGeneratorWeightsFile,
  writeGeneratorWeightsFile,
} from './weights-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weights-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});
const spec: GeneratorSpec = {
  latentDim: 4,
  layers: [
    { kind: 'dense', units: 8 },
    { kind: 'reshape', height: 2, width: 2, channels: 2 },
    { kind: 'conv', filters: 3, kernel: 3 },
    { kind: 'tanh' },
  ],
  output: { height: 2, width: 2, channels: 3, range: [-1, 1] },
};
const t = (shape: number[], seed: number) => ({
  shape,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) =>
    Math.sin(seed + i),
  ),
});
const weights: GeneratorWeights = {
  0: { kernel: t([4, 8], 1), bias: t([8], 2) },
  2: { kernel: t([3, 3, 2, 3], 3), bias: t([3], 4) },
};
const readManifest = async () =>
  JSON.parse(await readFile(join(dir, WEIGHTS_JSON), 'utf8')) as {
    entries: { layerIndex: number; name: string; offset: number; length: number }[];
  };

/** The weights files of model folders written before the ONNX training runtime (still exported). */
describe('legacy generator weights file', () => {
  it('round-trips every tensor bit for bit', async () => {
    await writeGeneratorWeightsFile(dir, spec, weights);
    expect(await readGeneratorWeightsFile(dir)).toEqual(weights);
    const manifest = await readManifest();
    expect(manifest.entries[0]).toEqual({
      layerIndex: 0,
      name: 'kernel',
      shape: [4, 8],
      offset: 0,
      length: 4 * 8 * 4,
    });
    expect(manifest.entries[1]).toMatchObject({
      layerIndex: 0,
      name: 'bias',
      offset: 4 * 8 * 4,
      length: 8 * 4,
    });
  });

  it('detects a .bin from another save (checksum) and a missing file', async () => {
    await writeGeneratorWeightsFile(dir, spec, weights);
    const bin = await readFile(join(dir, WEIGHTS_BIN));
    bin[10] = bin[10]! ^ 1;
    await writeFile(join(dir, WEIGHTS_BIN), bin);
    await expect(readGeneratorWeightsFile(dir)).rejects.toMatchObject({ code: 'BAD_FILE' });
    await expect(readGeneratorWeightsFile(dir)).rejects.toThrow(/does not match/);
    await rm(join(dir, WEIGHTS_BIN));
    await expect(readGeneratorWeightsFile(dir)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports a malformed manifest by field', async () => {
    await writeGeneratorWeightsFile(dir, spec, weights);
    const manifest = await readManifest();
    manifest.entries[0]!.offset = -4;
    await writeFile(join(dir, WEIGHTS_JSON), JSON.stringify(manifest));
    await expect(readGeneratorWeightsFile(dir)).rejects.toThrow(/entries\.0\.offset/);
  });
});
