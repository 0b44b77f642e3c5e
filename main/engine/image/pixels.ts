import { StudioError, type ModelProperties } from '../../contract/channels';

/**
 * Raw generator output → RGBA bytes, one Uint8Array (width*height*4, row-major) per image.
 *
 * Layouts, per image of C channels (1 or 3), H rows and W columns:
 * - NCHW: C planes of H*W values (PyTorch / most ONNX exports).
 * - NHWC: H*W pixels of C interleaved values (TensorFlow / tfjs).
 * - flat: a vector of C*H*W values read as pixel-interleaved, like NHWC — what a Keras
 *   Reshape((H, W, C)) or a dense MNIST-style head produces. For C = 1 all three agree.
 *
 * Value v maps linearly from the model's range [lo, hi] to [0, 255]: (v - lo) * 255 / (hi - lo),
 * rounded to nearest (ties to even) and clamped, NaN → 0. The rounding and clamping are done by
 * storing into a Uint8ClampedArray, which the engine does in one machine step — no Math.round, no
 * branches. This is the hot path of the live canvas and batch throughput, so every loop below is a
 * flat typed-array loop with per-layout specialisation and no allocation beyond the outputs.
 */
export function toRgbaFrames(
  output: Float32Array,
  count: number,
  props: ModelProperties,
): Uint8Array[] {
  const { width, height, channels, layout } = props;
  const [lo, hi] = props.range;
  const pixels = width * height;
  const perImage = pixels * channels;
  if (output.length !== count * perImage) {
    throw new StudioError(
      'INTERNAL',
      `The model returned ${output.length} values, but ${count} images of ${channels}×${height}×${width} need ${count * perImage}.`,
    );
  }
  // A model whose range is a single point has no contrast to show; scale 0 gives black, not NaN.
  const scale = hi !== lo ? 255 / (hi - lo) : 0;
  const offset = -lo * scale;
  const frames: Uint8Array[] = [];
  for (let n = 0; n < count; n++) {
    const rgba = new Uint8ClampedArray(pixels * 4);
    const base = n * perImage;
    if (channels === 1) grayToRgba(output, base, pixels, scale, offset, rgba);
    else if (layout === 'NCHW') planarToRgba(output, base, pixels, scale, offset, rgba);
    else interleavedToRgba(output, base, pixels, scale, offset, rgba);
    frames.push(new Uint8Array(rgba.buffer));
  }
  return frames;
}

function grayToRgba(
  src: Float32Array,
  base: number,
  pixels: number,
  scale: number,
  offset: number,
  dst: Uint8ClampedArray,
): void {
  for (let p = 0, o = 0; p < pixels; p++, o += 4) {
    const v = (src[base + p] as number) * scale + offset;
    dst[o] = v;
    dst[o + 1] = v;
    dst[o + 2] = v;
    dst[o + 3] = 255;
  }
}

function planarToRgba(
  src: Float32Array,
  base: number,
  pixels: number,
  scale: number,
  offset: number,
  dst: Uint8ClampedArray,
): void {
  const g = base + pixels;
  const b = base + 2 * pixels;
  for (let p = 0, o = 0; p < pixels; p++, o += 4) {
    dst[o] = (src[base + p] as number) * scale + offset;
    dst[o + 1] = (src[g + p] as number) * scale + offset;
    dst[o + 2] = (src[b + p] as number) * scale + offset;
    dst[o + 3] = 255;
  }
}

function interleavedToRgba(
  src: Float32Array,
  base: number,
  pixels: number,
  scale: number,
  offset: number,
  dst: Uint8ClampedArray,
): void {
  for (let p = 0, i = base, o = 0; p < pixels; p++, i += 3, o += 4) {
    dst[o] = (src[i] as number) * scale + offset;
    dst[o + 1] = (src[i + 1] as number) * scale + offset;
    dst[o + 2] = (src[i + 2] as number) * scale + offset;
    dst[o + 3] = 255;
  }
}
