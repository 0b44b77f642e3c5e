import { beforeAll, describe, expect, it } from 'vitest';
import type { FeatureExtractor } from '../../main/engine/metrics/extractors/extractor';
import type { RgbaImage } from '../../main/engine/image/png';
import { openOnnxExtractor } from '../../main/engine/metrics/extractors/onnx-extractor';
import { featureMatrix, type FeatureMatrix } from '../../main/engine/metrics/features';
import {
  CollapseDetector,
  WARMUP_PREVIEWS,
  WARMUP_STEPS,
} from '../../main/engine/training/detectors/collapse';
import { checkMemorization } from '../../main/engine/training/detectors/memorization-check';
import {
  detectorReference,
  type DetectorReference,
} from '../../main/engine/training/detectors/reference';
import { createRng } from '../../main/engine/latent/prng';
import { DETECTOR_FIXTURES, TINY_EXTRACTOR, TRAIN_FOLDER, readFolder } from './detector-fixtures';
import { join } from 'node:path';
import { describeMetrics } from '../../main/cli/commands/describe-metrics';

/**
 * Three generators of 16 samples each, one per fixed preview latent z (drawn here from a seeded
 * RNG), seen through the real tiny ONNX extractor on real images (scripts/fixtures/make_detector_fixtures.py):
 *  - collapsed ignores z: fresh/00 with faint noise that does not depend on z's content;
 *  - memorising returns the training image z picks;
 *  - healthy returns new draws from the training distribution (fresh/*), never trained on.
 */
let extractor: FeatureExtractor;
let train: RgbaImage[];
let fresh: RgbaImage[];
let reference: DetectorReference;

const features = async (images: RgbaImage[]): Promise<FeatureMatrix> =>
  featureMatrix(await extractor.features(images), extractor.dim);

/** Previews every 50 steps (the default): those before the step warm-up ends (50, 100, 150). */
const EVERY = 50;
const WARM_UP_PREVIEW_STEPS = Array.from(
  { length: WARMUP_STEPS / EVERY - 1 },
  (_, i) => (i + 1) * EVERY,
);

/** The reading of the first preview after warm-up, when the alarm rules apply. */
function pastWarmUp(detector: CollapseDetector, samples: FeatureMatrix) {
  for (const step of WARM_UP_PREVIEW_STEPS) detector.observe(samples, step);
  return detector.observe(samples, WARMUP_STEPS);
}

/** 16 copies of `base` with faint per-sample noise that does not depend on the latent's content. */
function nearlyOne(base: RgbaImage, seed: number): RgbaImage[] {
  const rng = createRng(seed);
  return Array.from({ length: 16 }, () => {
    const rgba = Uint8Array.from(base.rgba, (v, i) =>
      i % 4 === 3 ? 255 : Math.min(255, Math.max(0, v + (rng.nextUint32() % 5) - 2)),
    );
    return { ...base, rgba };
  });
}

function collapsed(): RgbaImage[] {
  return nearlyOne(fresh[0]!, 7);
}

/**
 * What a generator draws before it has learnt anything: about the training set's mean image, the
 * same for every latent (a VAE decoder at the start of training; a GAN's early blob).
 */
function earlySameness(): RgbaImage[] {
  const base = train[0]!;
  const sum = new Float64Array(base.rgba.length);
  for (const image of train) for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! + image.rgba[i]!;
  const rgba = Uint8Array.from(sum, (v) => Math.round(v / train.length));
  return nearlyOne({ ...base, rgba }, 13);
}

function memorising(): RgbaImage[] {
  const rng = createRng(11);
  return Array.from({ length: 16 }, () => train[rng.nextUint32() % train.length]!);
}

beforeAll(async () => {
  extractor = await openOnnxExtractor(TINY_EXTRACTOR);
  train = await readFolder(TRAIN_FOLDER);
  fresh = await readFolder(join(DETECTOR_FIXTURES, 'fresh'));
  reference = detectorReference(await features(train));
}, 30_000);

describe('live detectors on real extractor features', () => {
  it('derives the reference from the training set itself', () => {
    expect(train).toHaveLength(96);
    expect(reference.diversity).toBeGreaterThan(0);
    expect(reference.nearDupDistance).toBeGreaterThan(0);
    expect(reference.nearDupDistance).toBeLessThan(reference.diversity);
    expect(reference.memorizationDistance).toBeGreaterThan(0);
  });

  it('a generator that ignores z raises the collapse alarm', async () => {
    const detector = new CollapseDetector(reference);
    const stuck = await features(collapsed());
    // Collapsed from the first preview: the warm-up previews stay quiet, the next one alarms.
    const warmUp = WARM_UP_PREVIEW_STEPS.map((step) => detector.observe(stuck, step));
    expect(warmUp.every((r) => r.alarm === null)).toBe(true);
    const reading = detector.observe(stuck, WARMUP_STEPS);
    expect(reading.diversity).toBeLessThan(0.4 * reference.diversity);
    expect(reading.nearDupShare).toBeGreaterThan(0.9);
    expect(reading.alarm).toMatch(/mode collapse/);
  });

  it('a generator that returns training images raises the memorisation flag, not collapse', async () => {
    const samples = await features(memorising());
    const memo = checkMemorization(samples, reference);
    expect(memo.pairs.every((p) => p.flagged && p.distance < 1e-6)).toBe(true);
    expect(memo.alarm).toMatch(/memorisation/);
    expect(memo.warning).toBeNull(); // 96 reference images
    expect(pastWarmUp(new CollapseDetector(reference), samples).alarm).toBeNull();
  });

  it('a healthy generator raises neither', async () => {
    const samples = await features(fresh);
    const reading = pastWarmUp(new CollapseDetector(reference), samples);
    expect(reading.alarm).toBeNull();
    expect(reading.diversity).toBeGreaterThan(0.6 * reference.diversity);
    const memo = checkMemorization(samples, reference);
    expect(memo.alarm).toBeNull();
    expect(memo.flaggedShare).toBeLessThan(0.25);
  });

  it('alarms when diversity falls below half of its running peak after warm-up', () => {
    // Plain Gaussian features: 200 "training" points (σ 1), samples first more varied (σ 2), then
    // at σ 0.9 — still like the training set, so only the fall from the peak can sound the alarm.
    const rng = createRng(3);
    const gauss = (rows: number, sigma: number): FeatureMatrix => {
      const data = new Float64Array(rows * 8);
      for (let i = 0; i < data.length; i++) {
        const u = (rng.nextUint32() + 1) / 4294967297;
        const v = rng.nextUint32() / 4294967296;
        data[i] = sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      }
      return { rows, dim: 8, data };
    };
    const detector = new CollapseDetector(detectorReference(gauss(200, 1)));
    const readings = [2, 2, 2, 2, 0.9].map((sigma, i) =>
      detector.observe(gauss(16, sigma), (i + 1) * EVERY),
    );
    // Steps 50–150 are warm-up: no peak yet; it starts at step 200.
    expect(readings.slice(0, 3).map((r) => r.peak)).toEqual([null, null, null]);
    expect(readings.slice(0, 4).every((r) => r.alarm === null)).toBe(true);
    const last = readings[4]!;
    expect(last.diversity).toBeLessThan(0.5 * readings[3]!.peak!);
    expect(last.diversity).toBeGreaterThan(0.4 * last.reference);
    expect(last.alarm).toMatch(/fell to \d+% of its peak/);
  });

  it('flags against a tiny reference set carry a warning in words', async () => {
    const few = detectorReference(await features(train.slice(0, 20)));
    const memo = checkMemorization(await features(train.slice(0, 16)), few);
    expect(memo.alarm).toMatch(/memorisation/);
    expect(memo.warning).toMatch(/Only 20 training images .*unreliable/);
    const line = describeMetrics({
      step: 100,
      extractor: 'tiny',
      memorization: { ...memo, pairs: [] },
    });
    expect(line).toContain(memo.warning!);
  });

  it('stays quiet on normal early sameness in the first 200 steps; the same previews later fire', async () => {
    expect(WARMUP_PREVIEWS).toBeLessThan(WARM_UP_PREVIEW_STEPS.length);
    const samples = await features(earlySameness());
    const detector = new CollapseDetector(reference);
    const early = WARM_UP_PREVIEW_STEPS.map((step) => detector.observe(samples, step));
    for (const r of early) expect(r.alarm).toBeNull();
    // Not quiet because the previews look healthy: by the rules alone the third (step 150) is a
    // collapse, and a warm-up counted in previews only would have fired on it.
    const third = early[WARMUP_PREVIEWS]!;
    expect(third.nearDupShare >= 0.25 || third.diversity < 0.4 * reference.diversity).toBe(true);
    // The same sameness at step 200 and after is no longer early: it fires.
    expect(detector.observe(samples, WARMUP_STEPS).alarm).toMatch(/^Possible mode collapse/);
    expect(detector.observe(samples, WARMUP_STEPS + EVERY).alarm).toMatch(/mode collapse/);
  });

  it('a resumed run counts the replayed previews with their steps', async () => {
    const samples = await features(earlySameness());
    const resumed = new CollapseDetector(reference);
    resumed.restore([
      { diversity: 0.1, step: 50 },
      { diversity: 0.1, step: 100 },
      { diversity: 0.1, step: 150 },
    ]);
    expect(resumed.observe(samples, 150).alarm).toBeNull();
    expect(resumed.observe(samples, WARMUP_STEPS).alarm).toMatch(/mode collapse/);
  });
});
