import { describe, expect, it } from 'vitest';
import { TrainingControl } from '../../main/engine/training/control';
import { train } from '../../main/engine/training/trainer';
import { trainingRuntime } from '../../main/engine/training/training-runtime';
import { solidSource, tempDir, tinyConfig } from './fixtures';
import { maxDiff, modelFloats } from './model-floats';

// The cpu backend is the reference: pure JS, single-threaded, so bit-exact equality is expected.
describe.each(['gan', 'vae'] as const)(
  '%s: stop at step 3 and resume = uninterrupted run',
  (family) => {
    it('ends with identical weights', { timeout: 600_000 }, async () => {
      const runtime = await trainingRuntime('cpu');
      const config = tinyConfig({ family, steps: 6, batch: 2, checkpointEvery: 2 });
      const base = { config, width: 2, runtime };

      const straight = await tempDir(`${family}-straight`);
      const a = await train({
        ...base,
        loader: solidSource([
          [200, 40, 40],
          [30, 30, 220],
        ]),
        outDir: straight,
      });
      expect(a.state).toBe('finished');

      const broken = await tempDir(`${family}-broken`);
      const control = new TrainingControl();
      const b1 = await train({
        ...base,
        loader: solidSource([
          [200, 40, 40],
          [30, 30, 220],
        ]),
        outDir: broken,
        control,
        onProgress: (p) => p.step === 3 && control.cancel(),
      });
      expect(b1).toMatchObject({ state: 'stopped', step: 3 });
      expect(b1.checkpointDir).toMatch(/step-0000003$/);
      // A new process would build a new loader: only the checkpoint carries state across.
      const b2 = await train({
        ...base,
        loader: solidSource([
          [200, 40, 40],
          [30, 30, 220],
        ]),
        outDir: broken,
        resume: true,
      });
      expect(b2).toMatchObject({ state: 'finished', step: 6 });

      const uninterrupted = await modelFloats(a.modelDir!);
      const resumed = await modelFloats(b2.modelDir!);
      expect([...resumed.keys()].sort()).toEqual([...uninterrupted.keys()].sort());
      const diff = maxDiff(uninterrupted, resumed);
      console.log(`${family} resume max |Δweight| = ${diff}`);
      expect(diff).toBe(0);
    });
  },
);
