import { StudioError } from '../../contract/channels';

/**
 * Paths between latents. Arithmetic is float64 and rounded to float32 once per component.
 *
 * Why slerp: for a high-dimensional normal z, |z| concentrates near sqrt(dim), and the straight line
 * between two such points passes through the low-norm interior the generator never saw in
 * training (images go flat or grey mid-way). slerp moves along the sphere instead.
 */
export type InterpolationMethod = 'lerp' | 'slerp';

/** Below this sin(angle) the two directions are treated as parallel and slerp falls back to lerp. */
const PARALLEL_EPSILON = 1e-6;

export function lerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  checkSameLength(a, b);
  if (t === 0) return a.slice();
  if (t === 1) return b.slice();
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    out[i] = x + ((b[i] ?? 0) - x) * t;
  }
  return out;
}

/**
 * Spherical interpolation of direction, with the norm interpolated linearly, so two latents of
 * different lengths (e.g. different truncation) morph smoothly in both. Exact at t = 0 and t = 1.
 */
export function slerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  checkSameLength(a, b);
  if (t === 0) return a.slice();
  if (t === 1) return b.slice();
  const normA = norm(a);
  const normB = norm(b);
  if (normA === 0 || normB === 0) return lerp(a, b, t);
  const cos = Math.min(1, Math.max(-1, dot(a, b) / (normA * normB)));
  const angle = Math.acos(cos);
  const sin = Math.sin(angle);
  // Near-parallel directions make the weights 0/0; anti-parallel ones have no unique great circle.
  if (sin < PARALLEL_EPSILON) return lerp(a, b, t);
  const targetNorm = (1 - t) * normA + t * normB;
  const wa = (Math.sin((1 - t) * angle) / sin / normA) * targetNorm;
  const wb = (Math.sin(t * angle) / sin / normB) * targetNorm;
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = wa * (a[i] ?? 0) + wb * (b[i] ?? 0);
  return out;
}

export function interpolate(
  a: Float32Array,
  b: Float32Array,
  t: number,
  method: InterpolationMethod,
): Float32Array {
  return method === 'slerp' ? slerp(a, b, t) : lerp(a, b, t);
}

/**
 * Frames along the polyline through `waypoints`. `frames` counts every frame including both ends,
 * spaced evenly by segment (each segment gets the same share of frames, whatever its length).
 * With `loop`, the path closes back to the first waypoint and the last frame stops one step short
 * of it, so a looping GIF never shows the first image twice in a row.
 */
export function stripLatents(
  waypoints: Float32Array[],
  frames: number,
  method: InterpolationMethod,
  loop = false,
): Float32Array[] {
  const first = waypoints[0];
  if (first === undefined)
    throw new StudioError('BAD_REQUEST', 'A strip needs at least one waypoint.');
  if (!Number.isInteger(frames) || frames < 1) {
    throw new StudioError(
      'BAD_REQUEST',
      `A strip needs a whole number of frames (1 or more), not ${frames}.`,
    );
  }
  const points = loop ? [...waypoints, first] : waypoints;
  const segments = points.length - 1;
  if (segments === 0) return Array.from({ length: frames }, () => first.slice());
  // Without loop the last frame lands exactly on the last waypoint; with loop it stops short.
  const steps = loop ? frames : frames - 1;
  const out: Float32Array[] = [];
  for (let k = 0; k < frames; k++) {
    const position = steps === 0 ? 0 : (k * segments) / steps;
    const segment = Math.min(Math.floor(position), segments - 1);
    const a = points[segment] as Float32Array;
    const b = points[segment + 1] as Float32Array;
    out.push(interpolate(a, b, position - segment, method));
  }
  return out;
}

/**
 * Weighted combination with weights normalised to sum 1. Averaging near-orthogonal latents shrinks
 * the norm (two → about 1/√2), which the generator renders as washed out; rescaling the result to
 * the weighted mean of the input norms keeps it on the shell where real samples live.
 */
export function blendLatents(items: { z: Float32Array; weight: number }[]): Float32Array {
  const first = items[0];
  if (first === undefined)
    throw new StudioError('BAD_REQUEST', 'A blend needs at least one latent.');
  let total = 0;
  for (const item of items) {
    if (!Number.isFinite(item.weight) || item.weight < 0) {
      throw new StudioError('BAD_REQUEST', `Blend weights must be 0 or more, not ${item.weight}.`);
    }
    checkSameLength(first.z, item.z);
    total += item.weight;
  }
  if (total <= 0)
    throw new StudioError('BAD_REQUEST', 'A blend needs at least one weight above zero.');
  const sum = new Float64Array(first.z.length);
  let meanNorm = 0;
  for (const { z, weight } of items) {
    const w = weight / total;
    if (w === 0) continue;
    meanNorm += w * norm(z);
    for (let i = 0; i < z.length; i++) sum[i] = (sum[i] ?? 0) + w * (z[i] ?? 0);
  }
  const sumNorm = Math.sqrt(sum.reduce((acc, x) => acc + x * x, 0));
  // Opposite latents can cancel to 0; then there is no direction to rescale along.
  const scale = sumNorm > 1e-12 ? meanNorm / sumNorm : 1;
  return Float32Array.from(sum, (x) => x * scale);
}

/** Interpolates across a square of four latents: u runs left→right, v runs top→bottom. */
export function bilinearLatent(
  corners: [Float32Array, Float32Array, Float32Array, Float32Array],
  u: number,
  v: number,
  method: InterpolationMethod,
): Float32Array {
  const [topLeft, topRight, bottomLeft, bottomRight] = corners;
  const top = interpolate(topLeft, topRight, u, method);
  const bottom = interpolate(bottomLeft, bottomRight, u, method);
  return interpolate(top, bottom, v, method);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

function norm(a: Float32Array): number {
  return Math.sqrt(dot(a, a));
}

function checkSameLength(a: Float32Array, b: Float32Array): void {
  if (a.length !== b.length) {
    throw new StudioError(
      'BAD_REQUEST',
      `Latents of different sizes (${a.length} and ${b.length}) cannot be combined.`,
    );
  }
}
