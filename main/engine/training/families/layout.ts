/** NHWC (the dataset's layout) → NCHW (every network's). */
export function nhwcToNchw(
  src: Float32Array,
  n: number,
  h: number,
  w: number,
  c: number,
): Float32Array {
  const out = new Float32Array(src.length);
  const hw = h * w;
  for (let i = 0; i < n; i++)
    for (let p = 0; p < hw; p++)
      for (let k = 0; k < c; k++) out[(i * c + k) * hw + p] = src[(i * hw + p) * c + k]!;
  return out;
}

/** NCHW → NHWC (images back to pixels). */
export function nchwToNhwc(
  src: Float32Array,
  n: number,
  c: number,
  h: number,
  w: number,
): Float32Array {
  const out = new Float32Array(src.length);
  const hw = h * w;
  for (let i = 0; i < n; i++)
    for (let k = 0; k < c; k++)
      for (let p = 0; p < hw; p++) out[(i * hw + p) * c + k] = src[(i * c + k) * hw + p]!;
  return out;
}
