import type { RgbaImage } from '../../image/png';
import type { ExtractorManifest } from './extractor-manifest';
import { resizeToPlanes } from './resize';

/**
 * Packs images into the network's input tensor, as the manifest describes: resize (resize.ts),
 * then v/255 · (range[1] − range[0]) + range[0], then (x − mean[c]) / std[c], in NCHW or NHWC.
 * Arithmetic is float64; the tensor is float32 because that is what the networks take.
 */
export function inputTensor(
  images: readonly RgbaImage[],
  input: ExtractorManifest['input'],
): { data: Float32Array; dims: number[] } {
  const { width, height, channels, range, mean, std, layout } = input;
  const plane = width * height;
  const data = new Float32Array(images.length * channels * plane);
  const scale = (range[1] - range[0]) / 255;
  images.forEach((image, n) => {
    const planes = resizeToPlanes(image, width, height, channels);
    const base = n * channels * plane;
    for (let c = 0; c < channels; c++) {
      const m = mean?.[c] ?? 0;
      const s = std?.[c] ?? 1;
      for (let p = 0; p < plane; p++) {
        const value = (planes[c * plane + p]! * scale + range[0] - m) / s;
        data[layout === 'NCHW' ? base + c * plane + p : base + p * channels + c] = value;
      }
    }
  });
  const dims =
    layout === 'NCHW'
      ? [images.length, channels, height, width]
      : [images.length, height, width, channels];
  return { data, dims };
}

/** Row-wise softmax in float64 (max subtracted first, so large logits do not overflow). */
export function softmaxRows(logits: Float64Array, classes: number): Float64Array {
  const out = new Float64Array(logits.length);
  for (let r = 0; r < logits.length / classes; r++) {
    const row = logits.subarray(r * classes, (r + 1) * classes);
    const max = Math.max(...row);
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      const e = Math.exp(row[k]! - max);
      out[r * classes + k] = e;
      sum += e;
    }
    for (let k = 0; k < classes; k++) out[r * classes + k] = out[r * classes + k]! / sum;
  }
  return out;
}
