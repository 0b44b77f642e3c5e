import { describe, expect, it } from 'vitest';
import { TrainingControl } from '../../main/engine/training/control';
import { applyAugment, AUGMENT_PARAMS } from '../../main/engine/training/diff-augment';
import { stepDraws, trainStep } from '../../main/engine/training/model-steps';
import { createModels, type ModelSetup } from '../../main/engine/training/models';
import { readParams } from '../../main/engine/training/named-params';
import { train } from '../../main/engine/training/trainer';
import { trainingRuntime } from '../../main/engine/training/training-runtime';
import { ParallelStep } from '../../main/engine/training/wasm/parallel-step';
import { seeded } from '../../main/engine/training/wasm/test-helpers';
import { modelFloats, maxDiff } from './model-floats';
import { solidImages, solidSource, tempDir, tinyConfig } from './fixtures';

const colours: [number, number, number][] = [
  [200, 40, 40],
  [30, 30, 220],
];

/** Batch `n` of solid images as the loader gives them (NHWC floats in [-1, 1]). */
function batchOf(n: number): Float32Array {
  const images = solidImages(colours, n, 32).slice(0, n);
  const out = new Float32Array(n * 32 * 32 * 3);
  images.forEach((img, i) => img.forEach((v, j) => (out[i * img.length + j] = v / 127.5 - 1)));
  return out;
}

describe('data-parallel training on wasm', () => {
  it('augments each sample the same however the batch is split', async () => {
    const { tf } = await trainingRuntime('wasm');
    const m = createModels(tf, { config: tinyConfig(), width: 2, reconstruction: 'bce' });
    const draws = stepDraws(m, 6, 11, true);
    const x = seeded(9, 6 * 32 * 32 * 3);
    const whole = tf.tidy(() =>
      applyAugment(tf, tf.tensor4d(x, [6, 32, 32, 3]), draws.augReal)
        .dataSync()
        .slice(),
    );
    const per = 32 * 32 * 3;
    const shards = [
      [0, 4],
      [4, 6],
    ].map(([from, to]) =>
      tf.tidy(() =>
        applyAugment(
          tf,
          tf.tensor4d(x.slice(from! * per, to! * per), [to! - from!, 32, 32, 3]),
          draws.augReal.slice(from! * AUGMENT_PARAMS, to! * AUGMENT_PARAMS),
        )
          .dataSync()
          .slice(),
      ),
    );
    expect(Array.from(whole)).toEqual([...shards[0]!, ...shards[1]!]);
    // …and the augmentation does something (not an identity that would pass trivially).
    expect(Array.from(whole)).not.toEqual(Array.from(x));
    m.dispose();
  });

  it('one replica computes what the in-process step computes (GAN, DiffAugment on)', async () => {
    const { tf } = await trainingRuntime('wasm');
    const setup: ModelSetup = {
      config: tinyConfig({ batch: 4 }),
      width: 2,
      reconstruction: 'bce',
    };
    const local = createModels(tf, setup);
    const remote = createModels(tf, setup);
    const parallel = await ParallelStep.create(remote, 1);
    try {
      for (let step = 0; step < 2; step++) {
        const a = trainStep(tf, local, batchOf(4), step, true);
        const b = await parallel.step(tf, remote, batchOf(4), step, true);
        expect(Math.abs(a.d! - b.d!)).toBeLessThan(1e-5);
        expect(Math.abs(a.g! - b.g!)).toBeLessThan(1e-5);
      }
      // Weights, optimiser moments and running batch-norm statistics all end alike.
      const x = readParams(local.all);
      const y = readParams(remote.all);
      let worst = 0;
      for (const [name, t] of Object.entries(x))
        t.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - y[name]!.data[i]!))));
      expect(worst).toBeLessThan(1e-5);
      expect(local.optimizers.g!.state().t).toBe(2);
      expect(remote.optimizers.g!.state().t).toBe(2);
    } finally {
      await parallel.dispose();
      local.dispose();
      remote.dispose();
    }
  });

  it(
    '2 workers: stop at step 3 and resume = uninterrupted run, bit for bit',
    { timeout: 120_000 },
    async () => {
      const runtime = await trainingRuntime('wasm');
      const tensorsBefore = runtime.tf.memory().numTensors;
      const base = {
        config: tinyConfig({ steps: 5, batch: 4, checkpointEvery: 2 }),
        width: 2,
        runtime,
        workers: 2,
      };
      const straight = await train({
        ...base,
        loader: solidSource(colours),
        outDir: await tempDir('dp-straight'),
      });
      expect(straight).toMatchObject({
        state: 'finished',
        backend: 'tfjs 4.22.0 (wasm ×2 workers)',
      });

      const outDir = await tempDir('dp-broken');
      const control = new TrainingControl();
      const first = await train({
        ...base,
        loader: solidSource(colours),
        outDir,
        control,
        onProgress: (p) => p.step === 3 && control.cancel(),
      });
      expect(first).toMatchObject({ state: 'stopped', step: 3 });
      const resumed = await train({ ...base, loader: solidSource(colours), outDir, resume: true });
      expect(resumed).toMatchObject({ state: 'finished', step: 5 });
      expect(
        maxDiff(await modelFloats(straight.modelDir!), await modelFloats(resumed.modelDir!)),
      ).toBe(0);
      // The data-parallel path frees its per-step gradient tensors.
      expect(runtime.tf.memory().numTensors).toBe(tensorsBefore);
    },
  );
});
