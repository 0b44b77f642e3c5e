import { copyFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectModel, loadGenerator } from './load-generator';
import { manifestPathFor } from './manifest';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'models');
let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-manifest-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Copies a fixture into the temp dir under `as` and writes its sidecar manifest. */
async function withManifest(fixture: string, as: string, manifest: unknown): Promise<string> {
  const model = join(dir, as);
  await copyFile(join(FIXTURES, fixture), model);
  await writeFile(
    manifestPathFor(model, 'onnx'),
    typeof manifest === 'string' ? manifest : JSON.stringify(manifest),
  );
  return model;
}

describe('sidecar manifest', () => {
  it('lives beside the model: x.onnx -> x.json, tfjs folder -> latent-studio.json', () => {
    expect(manifestPathFor('/m/x.onnx', 'onnx')).toBe('/m/x.json');
    expect(manifestPathFor('/m/gan/model.json', 'tfjs')).toBe('/m/gan/latent-studio.json');
  });

  it('overrides range (no probe), and gives name and note', async () => {
    const model = await withManifest('range255.onnx', 'mine.onnx', {
      name: 'Mine',
      note: 'hand made',
      range: [0, 200],
    });
    const props = await inspectModel(model);
    expect(props).toMatchObject({
      name: 'Mine',
      note: 'hand made',
      range: [0, 200],
      rangeSource: 'manifest',
      warnings: [],
    });
  });

  it('re-factors a flat output into the width/height/channels it gives', async () => {
    const model = await withManifest('flat784.onnx', 'strip.onnx', {
      width: 49,
      height: 16,
      channels: 1,
    });
    const props = await inspectModel(model);
    expect(props).toMatchObject({
      layout: 'flat',
      width: 49,
      height: 16,
      channels: 1,
      range: [0, 1],
      rangeSource: 'activation',
    });
  });

  it('can force a dynamic model to loop in fixed batches', async () => {
    const model = await withManifest('gray.onnx', 'g.onnx', { batch: 2 });
    const gen = await loadGenerator(model);
    expect(gen.props.batch).toBe(2);
    expect(gen.props.latentShape).toEqual([2, 32]);
    expect((await gen.generate(new Float32Array(3 * 32).fill(0.5), 3)).length).toBe(3 * 28 * 28);
    await gen.dispose();
  });

  it('reports a batch the model cannot take in words, without onnxruntime stack text', async () => {
    const model = await withManifest('fixed-batch.onnx', 'fb.onnx', { batch: 2 });
    const err = await loadGenerator(model).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MODEL_REJECTED' });
    expect((err as Error).message).toMatch(
      /^"fb.onnx" is not a generator: it fails on a test latent of size 16: Got invalid dimensions for input: z .*Got: 2 Expected: 1/,
    );
    expect((err as Error).message).not.toContain('\n');
  });

  it('refuses a latentDim that contradicts the model, naming the model', async () => {
    const model = await withManifest('gray.onnx', 'g.onnx', { latentDim: 64 });
    await expect(loadGenerator(model)).rejects.toMatchObject({
      code: 'MODEL_REJECTED',
      message:
        '"g.onnx" is not a generator: the manifest says latentDim 64 but its input is [N,32]',
    });
  });

  it('refuses sizes that do not match the output', async () => {
    const model = await withManifest('flat784.onnx', 'f.onnx', {
      width: 30,
      height: 30,
      channels: 1,
    });
    await expect(loadGenerator(model)).rejects.toMatchObject({
      code: 'MODEL_REJECTED',
      message: expect.stringMatching(
        /^"f.onnx" is not a generator: its output \[N,784\] does not hold 30x30x1/,
      ) as unknown,
    });
  });

  it('reports an invalid manifest as BAD_FILE naming the manifest and the bad field', async () => {
    const typo = await withManifest('gray.onnx', 'typo.onnx', { widht: 28 });
    await expect(loadGenerator(typo)).rejects.toMatchObject({
      code: 'BAD_FILE',
      message: expect.stringMatching(/^model manifest "typo.json" is invalid: .*widht/) as unknown,
    });
    const badRange = await withManifest('gray.onnx', 'range.onnx', { range: [1, 0] });
    await expect(loadGenerator(badRange)).rejects.toMatchObject({
      code: 'BAD_FILE',
      message:
        'model manifest "range.json" is invalid: range: range must be [low, high] with low < high',
    });
    const notJson = await withManifest('gray.onnx', 'broken.onnx', '{ "name": ');
    await expect(loadGenerator(notJson)).rejects.toMatchObject({
      code: 'BAD_FILE',
      message: expect.stringMatching(/^model manifest "broken.json" is not valid JSON/) as unknown,
    });
  });

  it('applies latent-studio.json to a tfjs model folder', async () => {
    const folder = join(dir, 'tfjs-copy');
    await cp(join(FIXTURES, 'tfjs-gen'), folder, { recursive: true });
    await writeFile(
      join(folder, 'latent-studio.json'),
      JSON.stringify({ name: 'Tiny tfjs', range: [0, 2] }),
    );
    const props = await inspectModel(folder);
    expect(props).toMatchObject({
      format: 'tfjs',
      name: 'Tiny tfjs',
      range: [0, 2],
      rangeSource: 'manifest',
      layout: 'NHWC',
    });
  });
});
