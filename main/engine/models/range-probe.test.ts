import { describe, expect, it } from 'vitest';
import { guessRange, minMax, probeLatents } from './range';

const values = (...v: number[]): Float32Array => Float32Array.from(v);

describe('range probing', () => {
  it('uses the same standard-normal latents on every call', () => {
    const a = probeLatents(64, 4);
    expect(Array.from(a)).toEqual(Array.from(probeLatents(64, 4)));
    expect(Array.from(probeLatents(64, 4, 1))).not.toEqual(Array.from(a));
    const { min, max } = minMax(probeLatents(1000, 10));
    const mean = probeLatents(1000, 10).reduce((s, v) => s + v, 0) / 10000;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(min).toBeLessThan(-3);
    expect(max).toBeGreaterThan(3);
  });

  it('matches observed min/max to [-1,1], [0,1] or [0,255]', () => {
    expect(guessRange(values(-0.98, 0.2, 0.95))).toEqual({ range: [-1, 1], warnings: [] });
    expect(guessRange(values(0.01, 0.5, 0.99))).toEqual({ range: [0, 1], warnings: [] });
    expect(guessRange(values(3, 128, 250))).toEqual({ range: [0, 255], warnings: [] });
    expect(guessRange(values(-1.000001, 1.000001))).toEqual({ range: [-1, 1], warnings: [] }); // float noise
  });

  it('still picks a range but warns when the samples are narrow', () => {
    const got = guessRange(values(0.4, 0.6));
    expect(got.range).toEqual([0, 1]);
    expect(got.warnings).toEqual([
      'output range guessed as [0,1] from samples (saw 0.400..0.600); set "range" in a manifest if colours look wrong',
    ]);
  });

  it('falls back to the sampled min/max, with a warning, when no usual range fits', () => {
    const got = guessRange(values(-7, 0, 12));
    expect(got.range).toEqual([-7, 12]);
    expect(got.warnings[0]).toMatch(/^output values fit no usual range \(saw -7.00..12.0\)/);
  });

  it('ignores NaN and infinities when measuring, but says they were there', () => {
    const got = guessRange(values(NaN, -0.9, 0.9, Infinity));
    expect(got.range).toEqual([-1, 1]);
    expect(got.warnings).toEqual(['sample outputs contained NaN or infinite values']);
    expect(guessRange(values(NaN)).range).toEqual([-1, 1]);
  });
});
