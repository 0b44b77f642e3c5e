import { describe, expect, it } from 'vitest';
import { TrainingControl } from '../../main/engine/training/control';
import { train, type TrainOptions } from '../../main/engine/training/trainer';
import { solidSource, tempDir, tinyConfig } from './fixtures';
import { maxDiff, modelFloats } from './model-floats';

const colours: [number, number, number][] = [
  [200, 40, 40],
  [30, 30, 220],
];

/** Trains 6 steps straight, and 3 + resume to 6 (with the runtime of each part), in new folders. */
async function straightAndResumed(
  family: 'gan' | 'vae',
  first: Pick<TrainOptions, 'runtime' | 'backend'>,
  second: Pick<TrainOptions, 'runtime' | 'backend'>,
) {
  // Previews (standing statistics: 4 × 64 forward passes) only at the end: tfjs is slow.
  const config = tinyConfig({ family, steps: 6, batch: 4, checkpointEvery: 2, previewEvery: 100 });
  const base = { config, width: 4 };
  const a = await train({
    ...base,
    ...second,
    loader: solidSource(colours),
    outDir: await tempDir(`${family}-straight`),
  });
  expect(a.state).toBe('finished');
  const broken = await tempDir(`${family}-broken`);
  const control = new TrainingControl();
  const b1 = await train({
    ...base,
    ...first,
    loader: solidSource(colours),
    outDir: broken,
    control,
    onProgress: (p) => p.step === 3 && control.cancel(),
  });
  expect(b1).toMatchObject({ state: 'stopped', step: 3 });
  expect(b1.checkpointDir).toMatch(/step-0000003$/);
  // A new process would build a new loader: only the checkpoint carries state across.
  const b2 = await train({
    ...base,
    ...second,
    loader: solidSource(colours),
    outDir: broken,
    resume: true,
  });
  expect(b2).toMatchObject({ state: 'finished', step: 6 });
  // The whole training state (weights, Adam moments, running statistics, EMA) at step 6.
  return maxDiff(await modelFloats(a.checkpointDir!), await modelFloats(b2.checkpointDir!));
}

describe.each(['gan', 'vae'] as const)(
  '%s: stop at step 3 and resume = uninterrupted run',
  (family) => {
    it('on onnxruntime: identical state, bit for bit', { timeout: 600_000 }, async () => {
      const diff = await straightAndResumed(family, { runtime: 'ort' }, { runtime: 'ort' });
      console.log(`${family} onnxruntime resume max |Δ| = ${diff}`);
      expect(diff).toBe(0);
    });

    it('on tfjs (wasm): identical state, bit for bit', { timeout: 600_000 }, async () => {
      const tfjs = { runtime: 'tfjs' as const, backend: 'wasm' as const };
      const diff = await straightAndResumed(family, tfjs, tfjs);
      console.log(`${family} tfjs resume max |Δ| = ${diff}`);
      expect(diff).toBe(0);
    });

    it(
      'a checkpoint of onnxruntime resumes on tfjs: the same numbers, to float rounding',
      { timeout: 600_000 },
      async () => {
        const diff = await straightAndResumed(
          family,
          { runtime: 'ort' },
          { runtime: 'tfjs', backend: 'wasm' },
        );
        console.log(`${family} onnxruntime → tfjs resume max |Δ| = ${diff}`);
        expect(diff).toBeLessThan(1e-3);
      },
    );
  },
);
