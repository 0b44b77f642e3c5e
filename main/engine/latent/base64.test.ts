import { describe, expect, it } from 'vitest';
import { base64ToFloat32, float32ToBase64 } from './base64';
import { sampleNormalLatent } from './prng';

describe('latent base64', () => {
  it('round-trips every finite float32 bit pattern exactly, including -0 and extremes', () => {
    const z = Float32Array.of(0, -0, 1.5, -3.25e-30, 3.4e38, 1e-45, ...sampleNormalLatent(1, 100));
    const back = base64ToFloat32(float32ToBase64(z));
    expect(new Uint8Array(back.buffer)).toEqual(new Uint8Array(z.buffer));
  });

  it('refuses NaN and ±Infinity, naming the value: a latent is a point in space', () => {
    for (const bad of [Number.NaN, Infinity, -Infinity])
      expect(() => base64ToFloat32(float32ToBase64(Float32Array.of(1, bad, 2)))).toThrow(
        `The latent holds ${String(bad)} at value 2 of 3; only finite numbers are latents.`,
      );
  });

  it('is little-endian: 1.0 is 00 00 80 3f', () => {
    expect(float32ToBase64(Float32Array.of(1))).toBe(
      Buffer.from([0, 0, 0x80, 0x3f]).toString('base64'),
    );
  });

  it('refuses lengths that are not whole float32 values, and non-base64 text', () => {
    expect(() => base64ToFloat32(Buffer.from([1, 2, 3]).toString('base64'))).toThrow(
      /not a whole number of 4-byte/,
    );
    expect(() => base64ToFloat32('not base64!')).toThrow(/not valid base64/);
    expect(base64ToFloat32('')).toHaveLength(0);
  });
});
