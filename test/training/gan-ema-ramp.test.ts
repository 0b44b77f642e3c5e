import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTensors, stepDirName } from '../../main/engine/training/checkpoint';
import { GAN_EMA_RAMP, createFamily } from '../../main/engine/training/families/family';
import { emaDecay, rampedEmaDecay } from '../../main/engine/training/families/family-parts';
import { train } from '../../main/engine/training/trainer';
import { solidSource, tempDir, tinyConfig } from './fixtures';

/** Issue 9: the GAN's sampling copy averages over a share of the steps so far, not a fixed window. */
describe("the GAN's ramped EMA", () => {
  it('has a half-life of the given share of the steps so far, capped at 0.999', () => {
    for (const step of [0, 99, 599, 2999]) {
      const halfLife = GAN_EMA_RAMP * (step + 1);
      expect(rampedEmaDecay(step, GAN_EMA_RAMP) ** halfLife).toBeCloseTo(0.5, 12);
    }
    // Far into a run the cap holds, as emaDecay's.
    expect(rampedEmaDecay(1e6, GAN_EMA_RAMP)).toBe(0.999);
    // Early on it follows the generator far more closely than the fixed-shape schedule.
    expect(rampedEmaDecay(599, GAN_EMA_RAMP)).toBeLessThan(emaDecay(599));
  });

  it('a new run records it in its setup, and its EMA follows it step by step', async () => {
    const out = await tempDir('ema-ramp');
    await train({
      loader: solidSource([
        [200, 40, 40],
        [30, 160, 220],
      ]),
      config: tinyConfig({ steps: 3, checkpointEvery: 1, keepCheckpoints: 5 }),
      outDir: out,
      width: 4,
    });
    const saved = JSON.parse(await readFile(join(out, 'model', 'config.json'), 'utf8')) as {
      ganEmaRamp?: number;
    };
    expect(saved.ganEmaRamp).toBe(GAN_EMA_RAMP);
    const states = await Promise.all(
      [1, 2, 3].map(
        async (s) => (await readTensors(join(out, 'checkpoints', stepDirName(s)))).state,
      ),
    );
    let compared = 0;
    for (let k = 1; k < states.length; k++) {
      const before = states[k - 1]!;
      const after = states[k]!;
      // Step index k is the (k+1)-th step: ema ← ema + (g − ema)·(1 − decay(k)).
      const keep = rampedEmaDecay(k, GAN_EMA_RAMP);
      for (const name of Object.keys(after).filter((n) => n.startsWith('ema.'))) {
        const g = after[`g.${name.slice(4)}`]!;
        const prev = before[name]!;
        const ema = after[name]!;
        for (let i = 0; i < ema.length; i++) {
          const expected = prev[i]! + (g[i]! - prev[i]!) * (1 - keep);
          expect(Math.abs(ema[i]! - expected)).toBeLessThanOrEqual(
            1e-6 + 1e-5 * Math.abs(expected),
          );
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('a setup from before the ramp (no ganEmaRamp) keeps the schedule it was trained with', () => {
    const setup = { config: tinyConfig(), width: 4, reconstruction: 'bce' as const };
    const t = { g: 601, d: 601 };
    expect(createFamily(setup).scalars(600, t)['ema.decay']).toBe(emaDecay(600));
    expect(createFamily({ ...setup, ganEmaRamp: 0.05 }).scalars(600, t)['ema.decay']).toBe(
      rampedEmaDecay(600, 0.05),
    );
  });
});
