/**
 * Bilinear resampling with half-pixel centres and no antialiasing: PyTorch's
 * `F.interpolate(x, mode='bilinear', align_corners=False)`, and for enlargement also Pillow's
 * `Image.BILINEAR` (whose filter only widens when it reduces). Per axis, output index i samples
 * the source at s = (i + 0.5) · in/out − 0.5, clamped below at 0; the upper edge repeats the
 * last pixel.
 */
interface AxisTaps {
  lo: Int32Array;
  hi: Int32Array;
  /** Weight of `hi`; `lo` gets 1 − weight. */
  weight: Float64Array;
}

function bilinearTaps(inSize: number, outSize: number): AxisTaps {
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
 * One plane (row-major, srcWidth×srcHeight values) resized into `out` at `offset`, as
 * dstWidth×dstHeight float values (no rounding).
 */
export function resizePlane(
  src: ArrayLike<number>,
  srcWidth: number,
  srcHeight: number,
  dstWidth: number,
  dstHeight: number,
  out: Float64Array,
  offset = 0,
): void {
  const xs = bilinearTaps(srcWidth, dstWidth);
  const ys = bilinearTaps(srcHeight, dstHeight);
  for (let y = 0; y < dstHeight; y++) {
    const row0 = ys.lo[y]! * srcWidth;
    const row1 = ys.hi[y]! * srcWidth;
    const wy = ys.weight[y]!;
    for (let x = 0; x < dstWidth; x++) {
      const x0 = xs.lo[x]!;
      const x1 = xs.hi[x]!;
      const wx = xs.weight[x]!;
      const top = src[row0 + x0]! * (1 - wx) + src[row0 + x1]! * wx;
      const bottom = src[row1 + x0]! * (1 - wx) + src[row1 + x1]! * wx;
      out[offset + y * dstWidth + x] = top * (1 - wy) + bottom * wy;
    }
  }
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
  const plane = new Uint8Array(side * side);
  const resized = new Float64Array(size * size);
  const out = new Uint8Array(size * size * channels);
  for (let c = 0; c < channels; c++) {
    for (let p = 0; p < side * side; p++) plane[p] = pixels[p * channels + c]!;
    resizePlane(plane, side, side, size, size, resized);
    for (let p = 0; p < size * size; p++) out[p * channels + c] = Math.round(resized[p]!);
  }
  return out;
}
