/**
 * max |a − b| / max(max |b|, 1e-3): the error relative to the reference's scale, so tiny entries
 * of a large tensor are not held to a relative bound they cannot meet in float32.
 */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 1e-3;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return Number.isFinite(diff) ? diff / scale : Number.POSITIVE_INFINITY;
}
