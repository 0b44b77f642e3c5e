import { describe, expect, it } from 'vitest';
import { paramInfos } from '../../main/engine/nets/net-shapes';
import { createFamily } from '../../main/engine/training/families/family';
import { OrtForwardRunner } from '../../main/engine/training/runtime/forward-runner';
import { TrainingSampler } from '../../main/engine/training/sampling';
import { tinyConfig } from './fixtures';

describe('what draws a VAE’s images', () => {
  it('its decoder with standing statistics: batch-norm moments measured on prior latents', async () => {
    const family = createFamily({
      config: tinyConfig({ family: 'vae', diffAugment: false }),
      width: 8,
      reconstruction: 'bce',
    });
    expect(family.sampler).toMatchObject({ prefix: 'g', standingStats: true });
    const state = family.initialState();
    const forward = new OrtForwardRunner(family.sampler.spec);
    try {
      const params = await new TrainingSampler(family, forward).params(state);
      const variances = [...paramInfos(family.sampler.spec).keys()].filter((k) =>
        k.endsWith('.runningVar'),
      );
      expect(variances.length).toBeGreaterThan(0);
      for (const name of variances) {
        // A fresh state's running variance is all ones; the measured one is not.
        expect(state[`g.${name}`]!.every((v) => v === 1)).toBe(true);
        expect(params(name).some((v) => Math.abs(v - 1) > 1e-3)).toBe(true);
      }
    } finally {
      await forward.dispose();
    }
  });
});
