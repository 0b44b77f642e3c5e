import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTRACTOR_FIXTURES, TINY_ONNX } from './extractor-test-fixtures';
import { extractorCacheDir, openExtractor } from './open-extractor';

describe('openExtractor', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'open-extractor-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps conversions under <dataDir>/cache', () => {
    expect(extractorCacheDir('/data')).toBe(join('/data', 'cache'));
  });

  it('opens a user .onnx extractor by path', async () => {
    const extractor = await openExtractor(TINY_ONNX, { cacheDir: dir });
    expect(extractor.id).toMatch(/^tiny-extractor@[0-9a-f]{12}\+bilinear32$/);
    expect(extractor.label).toMatch(/tiny-extractor\.onnx, user extractor/);
    await extractor.dispose();
  });

  it('opens the bundled fashion-mnist classifier from the assets folder, or says it is missing', async () => {
    const assetsDir = join(dir, 'assets');
    await expect(openExtractor('fashion-mnist', { cacheDir: dir, assetsDir })).rejects.toThrow(
      /bundled Fashion-MNIST classifier is missing/,
    );
    await mkdir(join(assetsDir, 'extractors'), { recursive: true });
    const target = join(assetsDir, 'extractors', 'fashion-mnist-classifier');
    await copyFile(TINY_ONNX, `${target}.onnx`);
    await copyFile(join(EXTRACTOR_FIXTURES, 'tiny-extractor.json'), `${target}.json`);
    const extractor = await openExtractor('fashion-mnist', { cacheDir: dir, assetsDir });
    expect(extractor.label).toMatch(/Fashion-MNIST classifier bundled with Latent Studio/);
    await extractor.dispose();
  });

  it('refuses an unknown spec in words', async () => {
    await expect(openExtractor('resnet', { cacheDir: dir })).rejects.toThrow(
      /Unknown feature extractor "resnet": use "inception" \(default\), "fashion-mnist"/,
    );
  });
});
