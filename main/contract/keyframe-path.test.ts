import { describe, expect, it } from 'vitest';
import {
  ease,
  EASINGS,
  locateTime,
  pathFrameCount,
  pathFrameTimes,
  pointOnPath,
  samplePath,
  type PathSegment,
} from './keyframe-path';

function gaussian(seed: number, dim: number): Float32Array {
  // A small LCG + Box-Muller, enough for test keyframes (the app's PRNG lives in the engine).
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 1) / 4294967297;
  return Float32Array.from(
    { length: dim },
    () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()),
  );
}

const seg = (
  duration: number,
  easing: PathSegment['easing'],
  interpolation: PathSegment['interpolation'] = 'slerp',
): PathSegment => ({
  duration,
  easing,
  interpolation,
});

const distance = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
};

describe('easings', () => {
  it('start at 0, end at 1, and have the documented shape at u = 0.5', () => {
    for (const e of EASINGS) {
      expect(ease(e, 0)).toBe(0);
      expect(ease(e, 1)).toBe(1);
    }
    expect(ease('ease-in', 0.5)).toBeCloseTo(0.25);
    expect(ease('ease-out', 0.5)).toBeCloseTo(0.75);
    expect(ease('ease-in-out', 0.25)).toBeCloseTo(0.15625);
    expect(ease('linear', 0.3)).toBeCloseTo(0.3);
  });
});

describe('frame timing', () => {
  const segments = [seg(1, 'linear'), seg(0.5, 'linear')];
  it('an open path has round(D·fps) + 1 frames with both ends exact', () => {
    expect(pathFrameCount(segments, 12, false)).toBe(19);
    const times = pathFrameTimes(segments, 12, false);
    expect(times[0]).toBe(0);
    expect(times.at(-1)).toBe(1.5);
    expect(times[1]).toBeCloseTo(1 / 12);
  });
  it('a loop leaves out the frame that would repeat the first keyframe', () => {
    const loop = [...segments, seg(0.5, 'linear')];
    expect(pathFrameCount(loop, 10, true)).toBe(20);
    const times = pathFrameTimes(loop, 10, true);
    expect(times.at(-1)).toBeCloseTo(1.9);
  });
  it('locates the segment and local time, wrapping on loops', () => {
    expect(locateTime(segments, 1.25, false)).toEqual({ segment: 1, u: 0.5 });
    expect(locateTime(segments, 99, false)).toEqual({ segment: 1, u: 1 });
    const loop = [seg(1, 'linear'), seg(1, 'linear')];
    expect(locateTime(loop, 2.5, true)).toEqual({ segment: 0, u: 0.5 });
  });
});

describe('points on a path', () => {
  const keys = [gaussian(1, 64), gaussian(2, 64), gaussian(3, 64), gaussian(4, 64)];
  it('passes exactly through every keyframe, whatever the easing', () => {
    for (const easing of EASINGS) {
      const segments = [seg(1, easing), seg(2, easing), seg(0.5, easing)];
      expect(distance(pointOnPath(keys, segments, false, 0), keys[0]!)).toBeLessThan(1e-5);
      expect(distance(pointOnPath(keys, segments, false, 1), keys[1]!)).toBeLessThan(1e-5);
      expect(distance(pointOnPath(keys, segments, false, 3), keys[2]!)).toBeLessThan(1e-5);
      expect(distance(pointOnPath(keys, segments, false, 3.5), keys[3]!)).toBeLessThan(1e-5);
    }
  });

  it('slerp keeps the length near the keyframes’ lengths where lerp cuts inside', () => {
    const [a, b] = keys;
    const mid = (interpolation: 'lerp' | 'slerp') =>
      Math.hypot(...pointOnPath([a!, b!], [seg(1, 'linear', interpolation)], false, 0.5));
    const expected = (Math.hypot(...a!) + Math.hypot(...b!)) / 2;
    expect(mid('slerp')).toBeCloseTo(expected, 3);
    expect(mid('lerp')).toBeLessThan(expected * 0.85);
  });

  it('a cubic loop is C1 at the seam: position and velocity match (numerically)', () => {
    for (const interpolation of ['lerp', 'slerp'] as const) {
      const segments = [
        seg(1, 'cubic', interpolation),
        seg(2, 'cubic', interpolation),
        seg(0.7, 'cubic', interpolation),
        seg(1.3, 'cubic', interpolation),
      ];
      const total = 5;
      const h = 1e-4;
      const at = (t: number) => Float64Array.from(pointOnPath(keys, segments, true, t));
      // Position: just before the end equals just after the start.
      expect(distance(at(total - 1e-9), at(0))).toBeLessThan(1e-4);
      // One-sided finite-difference velocities on each side of the seam.
      const left = at(total - h).map((x, i) => (at(total - 1e-12)[i]! - x) / h);
      const right = at(h).map((x, i) => (x - at(0)[i]!) / h);
      const speed = Math.hypot(...right);
      expect(speed).toBeGreaterThan(0.1);
      expect(distance(left, right) / speed).toBeLessThan(2e-3);
      // And at an interior keyframe with unequal durations (1 s then 2 s).
      const inL = at(1 - h).map((x, i) => (at(1)[i]! - x) / h);
      const inR = at(1 + h).map((x, i) => (x - at(1)[i]!) / h);
      expect(distance(inL, inR) / Math.hypot(...inR)).toBeLessThan(2e-3);
    }
  });

  it('a linear loop is not C1 at the seam (the check above can fail)', () => {
    const segments = [seg(1, 'linear'), seg(1, 'linear'), seg(1, 'linear'), seg(1, 'linear')];
    const h = 1e-4;
    const at = (t: number) => Float64Array.from(pointOnPath(keys, segments, true, t));
    const left = at(4 - h).map((x, i) => (at(4 - 1e-12)[i]! - x) / h);
    const right = at(h).map((x, i) => (x - at(0)[i]!) / h);
    expect(distance(left, right) / Math.hypot(...right)).toBeGreaterThan(0.3);
  });

  it('refuses a segment count that does not fit the keyframes', () => {
    expect(() => pointOnPath(keys, [seg(1, 'linear')], false, 0)).toThrow(/needs 3 segments/);
    expect(() =>
      pointOnPath(keys, [seg(1, 'linear'), seg(1, 'linear'), seg(1, 'linear')], true, 0),
    ).toThrow(/needs 4 segments/);
  });

  it('samples one latent per frame', () => {
    const frames = samplePath(keys.slice(0, 2), [seg(1, 'ease-in-out')], false, 24);
    expect(frames).toHaveLength(25);
    expect(distance(frames[24]!, keys[1]!)).toBeLessThan(1e-5);
  });
});
