import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../contract/channels';
import { inspectModel, loadGenerator } from './load-generator';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'models');

async function failure(path: string): Promise<StudioError> {
  try {
    await loadGenerator(path);
  } catch (err) {
    expect(err).toBeInstanceOf(StudioError);
    return err as StudioError;
  }
  throw new Error(`${path} loaded but should have been refused`);
}

describe('bad model files are refused in words', () => {
  const cases: [string, StudioError['code'], string][] = [
    [
      'image-input.onnx',
      'MODEL_REJECTED',
      '"image-input.onnx" is not a generator: it takes an image input [N,3,32,32]',
    ],
    [
      'two-inputs.onnx',
      'MODEL_REJECTED',
      '"two-inputs.onnx" is not a generator: it takes 2 inputs (z [N,16], label [N,4]); a generator takes one latent vector',
    ],
    [
      'classifier.onnx',
      'MODEL_REJECTED',
      '"classifier.onnx" is not a generator: its output [N,10] is not an image (10 values do not form a square picture with 1 or 3 channels)',
    ],
    [
      'truncated.onnx',
      'BAD_FILE',
      '"truncated.onnx" is truncated or damaged (the model data ends early)',
    ],
    ['not-onnx.onnx', 'BAD_FILE', '"not-onnx.onnx" is not an ONNX model file'],
    ['no-such-model.onnx', 'BAD_FILE', '"no-such-model.onnx" does not exist'],
    [
      'unsupported-op.onnx',
      'MODEL_REJECTED',
      '"unsupported-op.onnx" cannot be run by onnxruntime: Fatal error: com.example:FancyUpsample(-1) is not a registered function/op',
    ],
  ];
  for (const [file, code, message] of cases) {
    it(`${file} -> ${code}`, async () => {
      const err = await failure(join(FIXTURES, file));
      expect(err.code).toBe(code);
      expect(err.message).toBe(message);
      expect(err.message).not.toMatch(/\n|\bat .*:\d+/); // no runtime stack text
    });
  }
});

describe('files that are not models at all', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ls-refuse-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a folder without model.json is BAD_FILE naming the folder', async () => {
    await mkdir(join(dir, 'empty-folder'));
    const err = await failure(join(dir, 'empty-folder'));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toMatch(/^"empty-folder" is a folder without a model.json/);
  });

  it('an unknown extension is BAD_FILE', async () => {
    await writeFile(join(dir, 'weights.pt'), 'x');
    const err = await failure(join(dir, 'weights.pt'));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toMatch(/^"weights.pt" is not a model the studio can open/);
  });

  it('a model.json that is not JSON, or not a tfjs model, is BAD_FILE naming folder/model.json', async () => {
    await mkdir(join(dir, 'broken'));
    await writeFile(join(dir, 'broken', 'model.json'), '{ nope');
    expect((await failure(join(dir, 'broken'))).message).toBe(
      '"broken/model.json" is not valid JSON, so it is not a TensorFlow.js model',
    );
    await writeFile(join(dir, 'broken', 'model.json'), '{"hello": 1}');
    const err = await failure(join(dir, 'broken', 'model.json'));
    expect([err.code, err.message]).toEqual([
      'BAD_FILE',
      '"broken/model.json" is not a TensorFlow.js model (no modelTopology / weightsManifest)',
    ]);
  });

  it('a tfjs graph model is MODEL_REJECTED', async () => {
    await mkdir(join(dir, 'graph'));
    await writeFile(
      join(dir, 'graph', 'model.json'),
      JSON.stringify({ format: 'graph-model', modelTopology: {}, weightsManifest: [] }),
    );
    const err = await failure(join(dir, 'graph'));
    expect(err.code).toBe('MODEL_REJECTED');
    expect(err.message).toMatch(
      /^"graph\/model.json" is not a generator: it is a TensorFlow.js graph model/,
    );
  });

  it('inspectModel refuses the same way', async () => {
    await expect(inspectModel(join(FIXTURES, 'classifier.onnx'))).rejects.toMatchObject({
      code: 'MODEL_REJECTED',
    });
  });
});
