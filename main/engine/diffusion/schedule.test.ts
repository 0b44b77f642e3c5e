import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SchedulerConfig } from '../../contract/diffusion-schemas';
import { sampleNormalLatent } from '../latent/prng';
import { alphasCumprodOf } from './noise-schedule';
import { fnv1a32 } from './noise-stream';
import {
  DIFFUSERS_DEFAULTS,
  resolveSchedulerConfig,
  schedulerManifestSchema,
} from './scheduler-config';
import { samplingTimesteps } from './timesteps';

/** Tables written by scripts/make_diffusion_fixtures.py with diffusers' formulas (torch float32). */
const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'diffusion');
const tables = JSON.parse(readFileSync(join(FIXTURES, 'schedules.json'), 'utf8')) as {
  alphasCumprod: Record<string, number[]>;
  timesteps: {
    numTrainTimesteps: number;
    steps: number;
    spacing: SchedulerConfig['timestep_spacing'];
    stepsOffset: number;
    timesteps: number[];
  }[];
};
const references = JSON.parse(readFileSync(join(FIXTURES, 'references.json'), 'utf8')) as {
  _prng: { seed: number; normals: number[]; fnv1a32OfOneTwo: number };
};

describe('noise schedules (diffusers semantics)', () => {
  const configs: Record<string, SchedulerConfig> = {
    linear: DIFFUSERS_DEFAULTS,
    scaled_linear: {
      ...DIFFUSERS_DEFAULTS,
      beta_schedule: 'scaled_linear',
      beta_start: 0.00085,
      beta_end: 0.012,
    },
    squaredcos_cap_v2: { ...DIFFUSERS_DEFAULTS, beta_schedule: 'squaredcos_cap_v2' },
  };

  it.each(Object.keys(configs))('gives the alphas_cumprod of diffusers for %s betas', (name) => {
    const ours = alphasCumprodOf(configs[name]!);
    const theirs = tables.alphasCumprod[name]!;
    const sampled = [
      ...Array.from({ length: theirs.length - 1 }, (_, i) => ours[i * 37]!),
      ours[999]!,
    ];
    for (const [i, value] of sampled.entries())
      expect(Math.abs(value - theirs[i]!) / theirs[i]!, `${name} #${i}`).toBeLessThan(1e-6);
  });

  it('gives the timesteps of set_timesteps for every spacing, offset and step count', () => {
    expect(tables.timesteps.length).toBeGreaterThan(50);
    let compared = 0;
    for (const row of tables.timesteps) {
      const config: SchedulerConfig = {
        ...DIFFUSERS_DEFAULTS,
        num_train_timesteps: row.numTrainTimesteps,
        timestep_spacing: row.spacing,
        steps_offset: row.stepsOffset,
      };
      const label = JSON.stringify({ ...row, timesteps: undefined });
      if (row.timesteps.some((t) => t >= row.numTrainTimesteps)) {
        // diffusers would index past the table; we refuse in words instead.
        expect(() => samplingTimesteps(config, row.steps), label).toThrow(/outside 0\.\./);
        continue;
      }
      expect(samplingTimesteps(config, row.steps), label).toEqual(row.timesteps);
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('refuses more steps than trained timesteps, in words', () => {
    expect(() =>
      samplingTimesteps({ ...DIFFUSERS_DEFAULTS, num_train_timesteps: 100 }, 101),
    ).toThrow(/1 to 100 steps/);
  });
});

describe('the scheduler block of a manifest', () => {
  it('takes a diffusers scheduler_config.json as it is, with defaults for missing fields', () => {
    const parsed = schedulerManifestSchema.parse({
      _class_name: 'DDIMScheduler',
      _diffusers_version: '0.30.0',
      beta_schedule: 'squaredcos_cap_v2',
      prediction_type: 'v_prediction',
      thresholding: false,
      trained_betas: null,
      dynamic_thresholding_ratio: 0.995,
      use_karras_sigmas: false,
    });
    const { config, warnings } = resolveSchedulerConfig(parsed);
    expect(config).toEqual({
      ...DIFFUSERS_DEFAULTS,
      beta_schedule: 'squaredcos_cap_v2',
      prediction_type: 'v_prediction',
    });
    expect(warnings).toEqual([
      'scheduler fields not used by DDPM/DDIM were ignored: use_karras_sigmas',
    ]);
  });

  it('refuses options it cannot honour instead of sampling differently', () => {
    for (const [field, value, words] of [
      ['thresholding', true, /thresholding/],
      ['trained_betas', [0.1, 0.2], /trained_betas/],
      ['beta_schedule', 'sigmoid', /beta_schedule must be one of linear, scaled_linear/],
      ['variance_type', 'learned_range', /fixed_small or fixed_large/],
      ['prediction_type', 'flow', /prediction_type must be one of/],
    ] as const) {
      const result = schedulerManifestSchema.safeParse({ [field]: value });
      expect(result.success, field).toBe(false);
      expect(result.error?.issues[0]?.message, field).toMatch(words);
    }
  });

  it('reads fixed_small_log as fixed_small (the same variance, through a log)', () => {
    const parsed = schedulerManifestSchema.parse({ variance_type: 'fixed_small_log' });
    expect(resolveSchedulerConfig(parsed).config.variance_type).toBe('fixed_small');
  });
});

describe('the documented samplers, as ported to Python by the fixture script', () => {
  it('draws the same normals for a seed', () => {
    const { seed, normals } = references._prng;
    const ours = sampleNormalLatent(seed, normals.length);
    normals.forEach((v, i) => expect(ours[i]).toBe(Math.fround(v)));
  });

  it('hashes x_T bytes with the same FNV-1a', () => {
    const bytes = new Uint8Array(new Float32Array([1, 2]).buffer);
    expect(fnv1a32(bytes)).toBe(references._prng.fnv1a32OfOneTwo);
  });
});
