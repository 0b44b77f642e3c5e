import { describe, expect, it } from 'vitest';
import type { LatentSpec } from '../../contract/latent-spec';
import { float32ToBase64 } from './base64';
import { blendLatents, slerp } from './interpolate';
import { sampleNormalLatent } from './prng';
import { gridSeeds, resolveLatent } from './resolve';
import { sampleTruncatedLatent } from './truncation';

const dim = 128;

describe('resolveLatent', () => {
  it('a seed resolves to its (truncated) normal latent and reports seed and truncation', () => {
    expect(resolveLatent({ kind: 'seed', seed: 42 }, dim)).toEqual({
      z: sampleNormalLatent(42, dim),
      seed: 42,
      truncation: 1,
    });
    const truncated = resolveLatent({ kind: 'seed', seed: 42, truncation: 0.7 }, dim);
    expect(truncated.z).toEqual(sampleTruncatedLatent(42, dim, 0.7));
    expect(truncated.truncation).toBe(0.7);
  });

  it('an explicit z round-trips and may be scaled by truncation', () => {
    const z = sampleNormalLatent(5, dim);
    expect(resolveLatent({ kind: 'z', z: float32ToBase64(z) }, dim)).toEqual({
      z,
      seed: null,
      truncation: null,
    });
    expect(resolveLatent({ kind: 'z', z: float32ToBase64(z), truncation: 0.5 }, dim).z).toEqual(
      z.map((x) => x * 0.5),
    );
  });

  it('an explicit z of the wrong size is a BAD_REQUEST in words', () => {
    const spec: LatentSpec = { kind: 'z', z: float32ToBase64(new Float32Array(3)) };
    expect(() => resolveLatent(spec, dim)).toThrow(
      expect.objectContaining({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/3 values but this model expects 128/) as unknown,
      }),
    );
  });

  it('mix, blend and bilinear resolve recursively through the interpolation functions', () => {
    const a: LatentSpec = { kind: 'seed', seed: 1 };
    const b: LatentSpec = { kind: 'seed', seed: 2, truncation: 0.5 };
    const za = sampleNormalLatent(1, dim);
    const zb = sampleTruncatedLatent(2, dim, 0.5);
    const mixed = resolveLatent({ kind: 'mix', method: 'slerp', a, b, t: 0.3 }, dim);
    expect(mixed).toEqual({ z: slerp(za, zb, 0.3), seed: null, truncation: null });
    const blend = resolveLatent(
      {
        kind: 'blend',
        items: [
          { latent: a, weight: 1 },
          { latent: b, weight: 2 },
        ],
      },
      dim,
    );
    expect(blend.z).toEqual(
      blendLatents([
        { z: za, weight: 1 },
        { z: zb, weight: 2 },
      ]),
    );
    const corner = resolveLatent({ kind: 'bilinear', corners: [a, b, a, b], u: 1, v: 0 }, dim);
    expect(corner.z).toEqual(zb);
  });

  it('refuses absurdly deep nesting', () => {
    let spec: LatentSpec = { kind: 'seed', seed: 1 };
    for (let i = 0; i < 40; i++) spec = { kind: 'mix', method: 'lerp', a: spec, b: spec, t: 0 };
    expect(() => resolveLatent(spec, 4)).toThrow(/nested more than/);
  });
});

describe('gridSeeds', () => {
  it('counts up from the seed and wraps past 2^32 - 1', () => {
    expect(gridSeeds(10, 3)).toEqual([10, 11, 12]);
    expect(gridSeeds(0xfffffffe, 4)).toEqual([0xfffffffe, 0xffffffff, 0, 1]);
  });
});
