import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { specCases } from '../onnx-export/test-support/random-specs';
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
const { spec, weights } = specCases()[0]!;
const readManifest = async () =>
  JSON.parse(await readFile(join(dir, WEIGHTS_JSON), 'utf8')) as {
    entries: { layerIndex: number; name: string; offset: number; length: number }[];
  };

describe('generator weights file', () => {
  it('round-trips every tensor bit for bit', async () => {
    await writeGeneratorWeightsFile(dir, spec, weights);
    expect(await readGeneratorWeightsFile(dir)).toEqual(weights);
    const manifest = await readManifest();
    expect(manifest.entries[0]).toEqual({
      layerIndex: 0,
      name: 'kernel',
      shape: [64, 512],
      offset: 0,
      length: 64 * 512 * 4,
    });
    expect(manifest.entries[1]).toMatchObject({
      layerIndex: 0,
      name: 'bias',
      offset: 64 * 512 * 4,
      length: 512 * 4,
    });
  });

  it('refuses to write weights that do not fit the spec', async () => {
    await expect(writeGeneratorWeightsFile(dir, spec, { ...weights, 0: {} })).rejects.toThrow(
      /missing weight "kernel"/,
    );
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
