import { z } from 'zod';

/**
 * Keyframe paths: pure math shared by the engine (which renders them) and the renderer (which
 * shows the playhead and plays previews). No Node, no DOM: plain numbers and Float32Arrays.
 *
 * A path has K keyframes and one segment per gap: K − 1 when open, K when `loop` (the last segment
 * runs from the last keyframe back to the first). Each segment has a duration in seconds, an
 * easing and an interpolation (lerp | slerp).
 *
 * - Easings linear, ease-in (u²), ease-out (1 − (1 − u)²), ease-in-out (smoothstep 3u² − 2u³)
 *   remap the segment's local time u ∈ [0, 1] and then interpolate between its two keyframes.
 *   ease-in-out stops at both keyframes (zero velocity), so it never jerks, but it pauses.
 * - Easing `cubic` makes the segment a piece of a Catmull-Rom spline in time: a cubic Hermite
 *   curve whose velocity at keyframe i is (P[i+1] − P[i−1]) / (d[i−1] + d[i]) (neighbours wrap
 *   on a loop; an open path's ends use the one-sided difference). Two cubic segments meeting at a
 *   keyframe share that velocity, so a loop whose segments are all cubic is C1 everywhere,
 *   including the seam: position AND velocity match where the last segment returns to the first
 *   keyframe. With `slerp`, the Hermite point's direction is kept and its length replaced by the
 *   Hermite curve of the keyframes' lengths (same tangent rule on the norms), so the path stays on
 *   the shell where sampled latents live instead of cutting through the low-norm interior. Both
 *   factors are C1, so the product is C1 (tested numerically at the seam).
 * - slerp (non-cubic) is the engine's definition: spherical in direction, linear in length.
 *
 * Frame timing: total duration D = Σ durations. An open path renders round(D·fps) + 1 frames at
 * times k·D/(N − 1), so both ends are exact keyframes. A loop renders round(D·fps) frames at k·D/N:
 * the frame that would repeat the first keyframe is left out, so a looping video never stutters.
 */

export const EASINGS = ['linear', 'ease-in', 'ease-out', 'ease-in-out', 'cubic'] as const;
export type Easing = (typeof EASINGS)[number];
export type Interpolation = 'lerp' | 'slerp';

export const pathSegmentSchema = z.object({
  /** Seconds this segment takes. */
  duration: z.number().min(0.01).max(3600),
  easing: z.enum(EASINGS),
  interpolation: z.enum(['lerp', 'slerp']),
});
export type PathSegment = z.infer<typeof pathSegmentSchema>;

export const MAX_KEYFRAMES = 256;
/** 10 minutes at 60 fps: more than any export here needs, small enough to bound memory. */
export const MAX_PATH_FRAMES = 36_000;

/** Words for a keyframe/segment count mismatch, or null when the shape is right. */
export function pathShapeProblem(
  keyframes: number,
  segments: number,
  loop: boolean,
): string | null {
  if (keyframes < 2) return `A keyframe path needs at least 2 keyframes, not ${keyframes}.`;
  const want = loop ? keyframes : keyframes - 1;
  if (segments !== want)
    return `A ${loop ? 'looping' : 'open'} path of ${keyframes} keyframes needs ${want} segments, not ${segments}.`;
  return null;
}

export function ease(easing: Easing, u: number): number {
  const t = u < 0 ? 0 : u > 1 ? 1 : u;
  switch (easing) {
    case 'ease-in':
      return t * t;
    case 'ease-out':
      return 1 - (1 - t) * (1 - t);
    case 'ease-in-out':
      return t * t * (3 - 2 * t);
    case 'linear':
    case 'cubic': // cubic shapes the path itself (see header), its time runs linearly
      return t;
  }
}

export function pathDuration(segments: readonly PathSegment[]): number {
  return segments.reduce((sum, s) => sum + s.duration, 0);
}

/** How many frames a path renders at `fps` (see the header for the rule). */
export function pathFrameCount(
  segments: readonly PathSegment[],
  fps: number,
  loop: boolean,
): number {
  const steps = Math.max(1, Math.round(pathDuration(segments) * fps));
  return loop ? steps : steps + 1;
}

/** The time (seconds) of every frame the path renders at `fps`. */
export function pathFrameTimes(
  segments: readonly PathSegment[],
  fps: number,
  loop: boolean,
): number[] {
  const duration = pathDuration(segments);
  const count = pathFrameCount(segments, fps, loop);
  const gaps = loop ? count : count - 1;
  return Array.from({ length: count }, (_, k) => (k === gaps ? duration : (k * duration) / gaps));
}

/** Which segment a time falls in, and the local time u ∈ [0, 1] inside it. Loops wrap. */
export function locateTime(
  segments: readonly PathSegment[],
  time: number,
  loop: boolean,
): { segment: number; u: number } {
  const duration = pathDuration(segments);
  let t = Number.isFinite(time) ? time : 0;
  if (loop) t = ((t % duration) + duration) % duration;
  else t = Math.min(Math.max(t, 0), duration);
  let start = 0;
  for (let i = 0; i < segments.length; i++) {
    const d = segments[i]!.duration;
    if (t < start + d || i === segments.length - 1)
      return { segment: i, u: Math.min(1, (t - start) / d) };
    start += d;
  }
  return { segment: 0, u: 0 };
}

type Vec = ArrayLike<number>;

function norm(a: Vec): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

/** Straight line; float64 arithmetic, one rounding to float32. */
export function lerpVec(a: Vec, b: Vec, t: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + (b[i]! - a[i]!) * t;
  return out;
}

/** Spherical in direction, linear in length (the engine's slerp, main/engine/latent/interpolate.ts). */
export function slerpVec(a: Vec, b: Vec, t: number): Float32Array {
  if (t === 0) return Float32Array.from(a);
  if (t === 1) return Float32Array.from(b);
  const na = norm(a);
  const nb = norm(b);
  if (na === 0 || nb === 0) return lerpVec(a, b, t);
  let d = 0;
  for (let i = 0; i < a.length; i++) d += a[i]! * b[i]!;
  const angle = Math.acos(Math.min(1, Math.max(-1, d / (na * nb))));
  const sin = Math.sin(angle);
  if (sin < 1e-6) return lerpVec(a, b, t);
  const length = (1 - t) * na + t * nb;
  const wa = (Math.sin((1 - t) * angle) / sin / na) * length;
  const wb = (Math.sin(t * angle) / sin / nb) * length;
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = wa * a[i]! + wb * b[i]!;
  return out;
}

/** Catmull-Rom velocity (per second) at keyframe i, from its neighbours and the segment durations. */
function keyframeVelocity(
  values: (k: number) => number,
  i: number,
  count: number,
  segments: readonly PathSegment[],
  loop: boolean,
): number {
  const n = count;
  if (!loop && i === 0) return (values(1) - values(0)) / segments[0]!.duration;
  if (!loop && i === n - 1) return (values(n - 1) - values(n - 2)) / segments[n - 2]!.duration;
  const prev = (i - 1 + n) % n;
  const next = (i + 1) % n;
  const dIn = segments[(i - 1 + n) % n]!.duration;
  const dOut = segments[i % segments.length]!.duration;
  return (values(next) - values(prev)) / (dIn + dOut);
}

function hermite(p0: number, v0: number, p1: number, v1: number, d: number, u: number): number {
  const u2 = u * u;
  const u3 = u2 * u;
  return (
    (2 * u3 - 3 * u2 + 1) * p0 +
    (u3 - 2 * u2 + u) * d * v0 +
    (-2 * u3 + 3 * u2) * p1 +
    (u3 - u2) * d * v1
  );
}

function cubicPoint(
  keyframes: readonly Vec[],
  segments: readonly PathSegment[],
  loop: boolean,
  segment: number,
  u: number,
): Float32Array {
  const n = keyframes.length;
  const i = segment;
  const j = (segment + 1) % n;
  const d = segments[segment]!.duration;
  const dim = keyframes[0]!.length;
  const h = new Float64Array(dim);
  for (let c = 0; c < dim; c++) {
    const value = (k: number) => keyframes[k]![c]!;
    const v0 = keyframeVelocity(value, i, n, segments, loop);
    const v1 = keyframeVelocity(value, j, n, segments, loop);
    h[c] = hermite(value(i), v0, value(j), v1, d, u);
  }
  if (segments[segment]!.interpolation === 'slerp') {
    const norms = keyframes.map(norm);
    const value = (k: number) => norms[k]!;
    const length = hermite(
      norms[i]!,
      keyframeVelocity(value, i, n, segments, loop),
      norms[j]!,
      keyframeVelocity(value, j, n, segments, loop),
      d,
      u,
    );
    const hn = norm(h);
    if (hn > 1e-12) for (let c = 0; c < dim; c++) h[c] = (h[c]! / hn) * length;
  }
  return Float32Array.from(h);
}

/** The latent at `time` seconds along the path (see the header for every rule). */
export function pointOnPath(
  keyframes: readonly Vec[],
  segments: readonly PathSegment[],
  loop: boolean,
  time: number,
): Float32Array {
  const problem = pathShapeProblem(keyframes.length, segments.length, loop);
  if (problem) throw new Error(problem);
  const dim = keyframes[0]!.length;
  if (keyframes.some((k) => k.length !== dim))
    throw new Error('All keyframes of a path must have the same number of values.');
  const { segment, u } = locateTime(segments, time, loop);
  const spec = segments[segment]!;
  if (spec.easing === 'cubic') return cubicPoint(keyframes, segments, loop, segment, u);
  const a = keyframes[segment]!;
  const b = keyframes[(segment + 1) % keyframes.length]!;
  const e = ease(spec.easing, u);
  return spec.interpolation === 'slerp' ? slerpVec(a, b, e) : lerpVec(a, b, e);
}

/** Every frame of the path at `fps`, in order. */
export function samplePath(
  keyframes: readonly Vec[],
  segments: readonly PathSegment[],
  loop: boolean,
  fps: number,
): Float32Array[] {
  return pathFrameTimes(segments, fps, loop).map((t) => pointOnPath(keyframes, segments, loop, t));
}
