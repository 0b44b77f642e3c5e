/**
 * Sampling a PixelCNN one sub-pixel at a time (raster order, R → G → B within a pixel), several
 * images at once, doing only the work each new value needs: the network is fully convolutional
 * and an output reads at most `reach.up` rows above and `reach.side` columns to either side, so
 * each step runs it on a window of (up + 1) × (2·side + 1) pixels placed so that the window's edges
 * either lie on the image's (same zero padding) or are farther from the pixel than it can see —
 * the logits are exactly those of the whole image (test/autoregressive/pixel-sampler.test.ts).
 *
 * Randomness is the latent: z (C·H·W standard normals, NCHW, from the seed like every model's
 * latent) becomes uniforms u = Φ(z), and each sub-pixel takes the level where the cumulative
 * softmax(logits / temperature) first exceeds its u. Same z and temperature, same image.
 */
export type WindowLogits = (
  x: Float32Array,
  n: number,
  h: number,
  w: number,
) => Promise<Float32Array>;

export interface PixelReach {
  up: number;
  side: number;
}

export interface PixelSampleRequest {
  n: number;
  channels: number;
  size: number;
  levels?: number;
  reach: PixelReach;
  logits: WindowLogits;
  /** n·C·H·W standard normals (the latents), NCHW. */
  z: Float32Array;
  /** 1 samples the model; lower is more conservative; 0 takes the most likely level. */
  temperature: number;
  /** Completion: these levels (n·C·H·W) are kept for the rows above `rows`. */
  keep?: { levels: Uint8Array; rows: number };
  /** Called before every sub-pixel (cancellation throws from here). */
  beforeStep?: () => void;
  /** After every pixel (all colours) with the levels so far. */
  onPixel?: (row: number, col: number, levels: Uint8Array) => void | Promise<void>;
}

/** Φ(x), the standard normal CDF, through erfc (Numerical Recipes' erfcc: |ε| < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - r / 2 : r / 2;
}

/** The level a uniform u picks from logits[at + k·stride], k < levels, at `temperature`. */
export function pickLevel(
  logits: Float32Array,
  at: number,
  stride: number,
  levels: number,
  temperature: number,
  u: number,
): number {
  let best = 0;
  for (let k = 1; k < levels; k++)
    if (logits[at + k * stride]! > logits[at + best * stride]!) best = k;
  if (temperature <= 0) return best;
  const max = logits[at + best * stride]!;
  const p = new Float64Array(levels);
  let sum = 0;
  for (let k = 0; k < levels; k++)
    sum += p[k] = Math.exp((logits[at + k * stride]! - max) / temperature);
  let acc = 0;
  const target = u * sum;
  for (let k = 0; k < levels; k++) {
    acc += p[k]!;
    if (acc > target) return k;
  }
  return levels - 1;
}

/** Start of a window of `span` along an axis of `size` that serves `pos` (see the header). */
export function windowStart(pos: number, span: number, size: number, before: number): number {
  if (span >= size) return 0;
  return Math.min(Math.max(0, pos - before), size - span);
}

export function levelToValue(level: number, levels = 256): number {
  return (level / (levels - 1)) * 2 - 1;
}

export async function samplePixels(r: PixelSampleRequest): Promise<Uint8Array> {
  const { n, channels: c, size, reach } = r;
  const levelCount = r.levels ?? 256;
  const hw = size * size;
  const levels = new Uint8Array(n * c * hw);
  const x = new Float32Array(n * c * hw);
  const startRow = r.keep ? Math.min(size, Math.max(0, r.keep.rows)) : 0;
  if (r.keep) {
    for (let i = 0; i < n; i++)
      for (let ch = 0; ch < c; ch++)
        for (let p = 0; p < startRow * size; p++) {
          const at = (i * c + ch) * hw + p;
          levels[at] = r.keep.levels[at]!;
          x[at] = levelToValue(levels[at], levelCount);
        }
  }
  const h = Math.min(size, reach.up + 1);
  const w = Math.min(size, 2 * reach.side + 1);
  const win = new Float32Array(n * c * h * w);
  for (let row = startRow; row < size; row++) {
    const top = windowStart(row, h, size, h - 1);
    for (let col = 0; col < size; col++) {
      const left = windowStart(col, w, size, reach.side);
      for (let ch = 0; ch < c; ch++) {
        r.beforeStep?.();
        for (let i = 0; i < n; i++)
          for (let k = 0; k < c; k++)
            for (let y = 0; y < h; y++) {
              const src = (i * c + k) * hw + (top + y) * size + left;
              win.set(x.subarray(src, src + w), ((i * c + k) * h + y) * w);
            }
        const logits = await r.logits(win, n, h, w);
        const wy = row - top;
        const wx = col - left;
        for (let i = 0; i < n; i++) {
          const at = (i * c * levelCount + ch * levelCount) * h * w + wy * w + wx;
          const idx = (i * c + ch) * hw + row * size + col;
          const level = pickLevel(
            logits,
            at,
            h * w,
            levelCount,
            r.temperature,
            normalCdf(r.z[idx]!),
          );
          levels[idx] = level;
          x[idx] = levelToValue(level, levelCount);
        }
      }
      await r.onPixel?.(row, col, levels);
    }
  }
  return levels;
}
