import { describe, expect, it } from 'vitest';
import { base64ToFloat32, float32ToBase64 } from './base64';
import { sampleNormalLatent } from './prng';

describe('latent base64', () => {
  it('round-trips every float32 bit pattern exactly, including special values', () => {
    const z = Float32Array.of(
      0,
      -0,
      1.5,
      -3.25e-30,
      3.4e38,
      Infinity,
      -Infinity,
      ...sampleNormalLatent(1, 100),
    );
    const back = base64ToFloat32(float32ToBase64(z));
    expect(new Uint8Array(back.buffer)).toEqual(new Uint8Array(z.buffer));
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
