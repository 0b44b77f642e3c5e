import { describe, expect, it } from 'vitest';
import { createModels } from '../../main/engine/training/models';
import {
  generatorForward,
  standingStats,
  withMovingStats,
} from '../../main/engine/training/spec-forward';
import { seeded } from '../../main/engine/training/wasm/test-helpers';
import { tinyConfig } from './fixtures';
import { cpuTf } from './tf-cpu';

describe('standing batch-norm statistics', () => {
  it('make inference-mode samples equal the training-mode ones, and leave the running stats as they were', async () => {
    const tf = await cpuTf();
    const m = createModels(tf, {
      config: tinyConfig({ latentDim: 8 }),
      width: 2,
      reconstruction: 'bce',
    });
    const z = tf.tensor2d(seeded(3, 16 * 8), [16, 8]);
    const running = m.gen[2]!.movingVariance!.dataSync().slice();
    const trained = generatorForward(tf, m.spec, m.gen, z, 'train').dataSync().slice();
    const stale = generatorForward(tf, m.spec, m.gen, z, 'infer').dataSync().slice();
    const standing = standingStats(tf, m.spec, m.gen, [z]);
    const calibrated = withMovingStats(tf, m.gen, standing, () =>
      generatorForward(tf, m.spec, m.gen, z, 'infer').dataSync().slice(),
    );
    const gap = (a: ArrayLike<number>, b: ArrayLike<number>) =>
      Array.from(a).reduce((w, v, i) => Math.max(w, Math.abs(v - b[i]!)), 0);
    expect(gap(trained, stale)).toBeGreaterThan(0.05);
    // The same moments either way: only float rounding remains.
    expect(gap(trained, calibrated)).toBeLessThan(1e-4);
    expect(Array.from(m.gen[2]!.movingVariance!.dataSync())).toEqual(Array.from(running));
    z.dispose();
    m.dispose();
  });
});
