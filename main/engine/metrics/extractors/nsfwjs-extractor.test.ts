import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureExtractor } from './extractor';
import { EXTRACTOR_FIXTURES } from './extractor-test-fixtures';
import {
  ensureNsfwjsOnnx,
  NSFWJS_EXTRACTOR_ID,
  nsfwjsCacheFiles,
  openNsfwjsExtractor,
} from './nsfwjs-extractor';
import { syntheticImage } from './synthetic-images';

/**
 * Our ONNX conversion of nsfwjs's InceptionV3 against nsfwjs itself running in tfjs. Loading the
 * original in tfjs takes minutes, so its outputs were recorded by
 * scripts/fixtures/make-nsfwjs-fixture.ts (same synthetic 299×299 images, no resize on either side).
 */
interface TfjsExpected {
  nsfwjs: string;
  images: { seed: number; features: number[]; probabilities: number[] }[];
}
const expected = JSON.parse(
  await readFile(join(EXTRACTOR_FIXTURES, 'nsfwjs-tfjs-expected.json'), 'utf8'),
) as TfjsExpected;

/** max |a − b| / max |b|: the error relative to the scale of the reference vector. */
function relativeError(a: ArrayLike<number>, b: readonly number[]): number {
  let diff = 0;
  for (let i = 0; i < b.length; i++) diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  return diff / Math.max(...b.map(Math.abs));
}

describe('the nsfwjs InceptionV3 extractor (converted to ONNX, cached)', () => {
  let cacheDir: string;
  let extractor: FeatureExtractor;
  const notices: string[] = [];
  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'nsfwjs-cache-'));
    extractor = await openNsfwjsExtractor(cacheDir, (m) => notices.push(m));
  });
  afterAll(async () => {
    await extractor.dispose();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('announces the one-time conversion and names itself honestly', () => {
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/Converting the default feature extractor/);
    expect(extractor.id).toBe(NSFWJS_EXTRACTOR_ID);
    expect(extractor.id).toBe('nsfwjs-inception-v3-pool@4.4.0+bilinear299');
    expect(extractor.label).toMatch(/not the published FID Inception network/);
    expect(extractor.dim).toBe(2048);
    expect(extractor.classes).toBe(5);
  });

  it('matches nsfwjs running in tfjs on two images (features and probabilities)', async () => {
    const images = expected.images.map((e) => syntheticImage(e.seed, 299, 299));
    const { features, probabilities } = await extractor.extract(images);
    expected.images.forEach((e, i) => {
      const f = features.subarray(i * 2048, (i + 1) * 2048);
      const p = probabilities!.subarray(i * 5, (i + 1) * 5);
      expect(relativeError(f, e.features)).toBeLessThan(1e-4);
      expect(relativeError(p, e.probabilities)).toBeLessThan(1e-4);
    });
  });

  it('reuses a valid cache silently and rebuilds a damaged one', async () => {
    const files = nsfwjsCacheFiles(cacheDir);
    const before = await stat(files.onnx);
    const quiet: string[] = [];
    await ensureNsfwjsOnnx(cacheDir, (m) => quiet.push(m));
    expect(quiet).toEqual([]);
    expect((await stat(files.onnx)).mtimeMs).toBe(before.mtimeMs);

    await writeFile(files.stamp, JSON.stringify({ sha256: '0'.repeat(64), converter: 1 }));
    const rebuilt: string[] = [];
    await ensureNsfwjsOnnx(cacheDir, (m) => rebuilt.push(m));
    expect(rebuilt).toHaveLength(1);
    const again: string[] = [];
    await ensureNsfwjsOnnx(cacheDir, (m) => again.push(m));
    expect(again).toEqual([]);
  });
});
