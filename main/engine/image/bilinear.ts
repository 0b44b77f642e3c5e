/**
 * Bilinear resampling with half-pixel centres and no antialiasing: PyTorch's
 * `F.interpolate(x, mode='bilinear', align_corners=False)`, and for enlargement also Pillow's
 * `Image.BILINEAR` (whose filter only widens when it reduces). Per axis, output index i samples
 * the source at s = (i + 0.5) · in/out − 0.5, clamped below at 0; the upper edge repeats the
 * last pixel.
 */
export interface AxisTaps {
  lo: Int32Array;
  hi: Int32Array;
  /** Weight of `hi`; `lo` gets 1 − weight. */
  weight: Float64Array;
}

export function bilinearTaps(inSize: number, outSize: number): AxisTaps {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const weight = new Float64Array(outSize);
  const scale = inSize / outSize;
  for (let i = 0; i < outSize; i++) {
    const src = Math.max((i + 0.5) * scale - 0.5, 0);
    const i0 = Math.min(Math.floor(src), inSize - 1);
    lo[i] = i0;
    hi[i] = Math.min(i0 + 1, inSize - 1);
    weight[i] = src - i0;
  }
  return { lo, hi, weight };
}

/**
 * A square side×side image of interleaved bytes (HWC, `channels` per pixel) brought to size×size
 * bilinearly, each value rounded to the nearest byte.
 */
export function resizeSquareBytes(
  pixels: Uint8Array,
  side: number,
  channels: number,
  size: number,
): Uint8Array {
  if (pixels.length !== side * side * channels)
    throw new RangeError(`${side}×${side}×${channels} pixels need ${side * side * channels} bytes`);
  const taps = bilinearTaps(side, size);
  const out = new Uint8Array(size * size * channels);
  for (let y = 0; y < size; y++) {
    const row0 = taps.lo[y]! * side;
    const row1 = taps.hi[y]! * side;
    const wy = taps.weight[y]!;
    for (let x = 0; x < size; x++) {
      const x0 = taps.lo[x]!;
      const x1 = taps.hi[x]!;
      const wx = taps.weight[x]!;
      for (let c = 0; c < channels; c++) {
        const at = (row: number, col: number) => pixels[(row + col) * channels + c]!;
        const top = at(row0, x0) * (1 - wx) + at(row0, x1) * wx;
        const bottom = at(row1, x0) * (1 - wx) + at(row1, x1) * wx;
        out[(y * size + x) * channels + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return out;
}
