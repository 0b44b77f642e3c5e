/** Inverse-distance weighting of anchors around a cursor, for blending latents on the explore canvas. */

export interface Point {
  x: number;
  y: number;
}

export interface Weighted {
  /** Index into the anchors array passed in. */
  index: number;
  /** Normalised weight; the weights returned by idwWeights sum to 1. */
  weight: number;
  distance: number;
}

export interface IdwOptions {
  /** Use at most this many nearest anchors. */
  k?: number;
  /** Ignore anchors farther than this (same units as the points). */
  radius?: number;
  /** Exponent of the distance: weight = 1 / distance^power. */
  power?: number;
  /** A cursor within this distance of an anchor is an exact hit: that anchor gets weight 1. */
  hitRadius?: number;
  /**
   * Fade weights to zero at the radius, so an anchor entering or leaving the radius does not make
   * the blend jump. Only applies when the radius is finite.
   */
  smooth?: boolean;
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/**
 * Weights of the k nearest anchors within `radius` of `cursor`, normalised to sum to 1.
 * Returns [] when no anchor is in range, and a single weight of 1 on an exact hit.
 * Ties are broken by anchor index so the result is deterministic.
 */
export function idwWeights(
  anchors: readonly Point[],
  cursor: Point,
  options: IdwOptions = {},
): Weighted[] {
  const { k = 4, radius = Infinity, power = 2, hitRadius = 1e-6, smooth = true } = options;
  if (k < 1) return [];
  const near = anchors
    .map((a, index) => ({ index, distance: distance(a, cursor), weight: 0 }))
    .filter((c) => c.distance <= radius)
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .slice(0, k);
  const nearest = near[0];
  if (!nearest) return [];
  if (nearest.distance <= hitRadius) return [{ ...nearest, weight: 1 }];

  const fade = smooth && Number.isFinite(radius) && radius > 0;
  let sum = 0;
  for (const c of near) {
    let w = 1 / Math.pow(c.distance, power);
    if (fade) {
      const f = 1 - (c.distance / radius) ** 2;
      w *= f * f;
    }
    c.weight = w;
    sum += w;
  }
  // Everything sits exactly on the radius: fall back to the nearest anchor alone.
  if (!(sum > 0) || !Number.isFinite(sum)) return [{ ...nearest, weight: 1 }];
  return near.map((c) => ({ ...c, weight: c.weight / sum })).filter((c) => c.weight > 0);
}
