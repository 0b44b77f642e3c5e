import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureExtractor } from './extractor';
import type { RgbaImage } from '../../image/png';
import {
  EXTRACTOR_FIXTURES,
  TINY_ONNX,
  maxAbsDiff,
  readRgba,
  tinyExpected,
} from './extractor-test-fixtures';
import { openOnnxExtractor } from './onnx-extractor';

const tinyManifest = JSON.parse(
  await readFile(join(EXTRACTOR_FIXTURES, 'tiny-extractor.json'), 'utf8'),
) as Record<string, unknown>;

describe('openOnnxExtractor on the torch-exported tiny extractor', () => {
  let extractor: FeatureExtractor;
  let images: RgbaImage[];
  beforeAll(async () => {
    extractor = await openOnnxExtractor(TINY_ONNX);
    images = await Promise.all(
      tinyExpected.images.map((e) => readRgba(join(EXTRACTOR_FIXTURES, e.file))),
    );
  });
  afterAll(() => extractor.dispose());

  it('describes itself from the manifest and the file hash', () => {
    expect(extractor.id).toMatch(/^tiny-extractor@[0-9a-f]{12}\+bilinear32$/);
    expect(extractor.dim).toBe(64);
    expect(extractor.classes).toBe(10);
    expect(extractor.inputSize).toEqual({ width: 32, height: 32 });
  });

  it('gives torch’s features, including for images resized from 45×27 and 64×48', async () => {
    // maxBatch is 2 in the fixture manifest, so three images also exercise batching.
    const features = await extractor.features(images);
    expect(features).toBeInstanceOf(Float64Array);
    expect(features.length).toBe(3 * 64);
    tinyExpected.images.forEach((e, i) => {
      expect(maxAbsDiff(features.subarray(i * 64, (i + 1) * 64), e.features)).toBeLessThan(1e-4);
    });
  });

  it('turns logits into torch’s softmax probabilities', async () => {
    const { features, probabilities } = await extractor.extract(images);
    expect(probabilities).not.toBeNull();
    tinyExpected.images.forEach((e, i) => {
      expect(
        maxAbsDiff(probabilities!.subarray(i * 10, (i + 1) * 10), e.probabilities),
      ).toBeLessThan(1e-5);
    });
    expect(maxAbsDiff(features, await extractor.features(images))).toBe(0);
    expect(maxAbsDiff(probabilities!, await extractor.probabilities(images))).toBe(0);
  });
});

describe('openOnnxExtractor refuses bad extractors in words', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'extractor-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function withManifest(name: string, manifest: unknown): Promise<string> {
    const onnx = join(dir, `${name}.onnx`);
    await copyFile(TINY_ONNX, onnx);
    await writeFile(join(dir, `${name}.json`), JSON.stringify(manifest));
    return onnx;
  }

  it('names a missing sidecar manifest', async () => {
    const onnx = join(dir, 'lonely.onnx');
    await copyFile(TINY_ONNX, onnx);
    await expect(openOnnxExtractor(onnx)).rejects.toThrow(/lonely\.json does not exist/);
  });

  it('names the manifest file and the wrong field', async () => {
    const onnx = await withManifest('badkind', { ...tinyManifest, kind: 'generator' });
    await expect(openOnnxExtractor(onnx)).rejects.toThrow(
      /badkind\.json is not a feature-extractor manifest \(kind:/,
    );
    const notJson = join(dir, 'notjson.onnx');
    await copyFile(TINY_ONNX, notJson);
    await writeFile(join(dir, 'notjson.json'), '{ nope');
    await expect(openOnnxExtractor(notJson)).rejects.toThrow(/notjson\.json is not valid JSON/);
  });

  it('refuses input dims that differ from the model', async () => {
    const input = { ...(tinyManifest.input as object), width: 64, height: 64 };
    const onnx = await withManifest('wrongsize', { ...tinyManifest, input });
    await expect(openOnnxExtractor(onnx)).rejects.toThrow(
      /wrongsize\.onnx does not match its manifest: input "image" is \[\?, 3, 32, 32\], the manifest says \[\?, 3, 64, 64\]/,
    );
  });

  it('refuses outputs the model does not have, and a wrong class count', async () => {
    const missing = await withManifest('nofeat', { ...tinyManifest, features: 'pool3' });
    await expect(openOnnxExtractor(missing)).rejects.toThrow(
      /nofeat\.onnx does not match its manifest: output "pool3" does not exist; the model's outputs are "features", "logits"/,
    );
    const classifier = { output: 'logits', softmax: false, classes: 1000 };
    const wrong = await withManifest('classes', { ...tinyManifest, classifier });
    await expect(openOnnxExtractor(wrong)).rejects.toThrow(
      /output "logits" has 10 values per image, the manifest says 1000 classes/,
    );
  });

  it('refuses a file that is not ONNX', async () => {
    const onnx = join(dir, 'text.onnx');
    await writeFile(onnx, 'this is not a model at all, just some text bytes');
    await writeFile(join(dir, 'text.json'), JSON.stringify(tinyManifest));
    await expect(openOnnxExtractor(onnx)).rejects.toThrow(/text\.onnx is not an ONNX model file/);
  });
});
