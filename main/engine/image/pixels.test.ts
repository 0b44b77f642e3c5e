import { describe, expect, it } from 'vitest';
import type { ModelProperties } from '../../contract/channels';
import { createRng } from '../latent/prng';
import { toRgbaFrames } from './pixels';

function props(
  layout: ModelProperties['layout'],
  channels: 1 | 3,
  range: [number, number],
  width = 5,
  height = 3,
): ModelProperties {
  return {
    format: 'onnx',
    latentShape: [1, 8],
    latentDim: 8,
    batch: 'dynamic',
    layout,
    channels,
    width,
    height,
    range,
    rangeSource: 'manifest',
    warnings: [],
  };
}

/** Straightforward per-pixel reference: explicit indexing, round half to even, clamp, NaN → 0. */
function reference(output: Float32Array, count: number, p: ModelProperties): Uint8Array[] {
  const { width: w, height: h, channels: c, layout } = p;
  const [lo, hi] = p.range;
  const toByte = (v: number): number => {
    if (Number.isNaN(v)) return 0;
    const x = Math.min(255, Math.max(0, ((v - lo) / (hi - lo)) * 255));
    const r = Math.round(x);
    return r - x === 0.5 && r % 2 === 1 ? r - 1 : r; // ties to even
  };
  const frames: Uint8Array[] = [];
  for (let n = 0; n < count; n++) {
    const out = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const at = (ch: number): number =>
          layout === 'NCHW'
            ? n * c * h * w + ch * h * w + y * w + x
            : n * c * h * w + (y * w + x) * c + ch;
        const rgb = c === 1 ? [at(0), at(0), at(0)] : [at(0), at(1), at(2)];
        rgb.forEach((i, k) => (out[(y * w + x) * 4 + k] = toByte(output[i] ?? NaN)));
        out[(y * w + x) * 4 + 3] = 255;
      }
    }
    frames.push(out);
  }
  return frames;
}

function randomOutput(length: number, lo: number, hi: number): Float32Array {
  const rng = createRng(11);
  // 10% past each end of the range, to exercise clamping.
  const span = hi - lo;
  return Float32Array.from({ length }, () => lo - 0.1 * span + rng.nextFloat() * 1.2 * span);
}

describe('toRgbaFrames', () => {
  const cases: [ModelProperties['layout'], 1 | 3, [number, number]][] = [
    ['NCHW', 3, [-1, 1]],
    ['NHWC', 3, [0, 1]],
    ['flat', 3, [0, 255]],
    ['NCHW', 1, [-1, 1]],
    ['NHWC', 1, [0, 1]],
    ['flat', 1, [-1, 1]],
  ];
  for (const [layout, channels, range] of cases) {
    it(`matches the reference for ${layout}, ${channels} channel(s), range [${range.join(', ')}]`, () => {
      const p = props(layout, channels, range);
      const output = randomOutput(3 * channels * 15, range[0], range[1]);
      expect(toRgbaFrames(output, 3, p)).toEqual(reference(output, 3, p));
    });
  }

  it('maps the range ends to 0 and 255, rounds to nearest, clamps, and turns NaN into 0', () => {
    const p = props('flat', 1, [-1, 1], 7, 1);
    const [frame] = toRgbaFrames(Float32Array.of(-1, 1, 0, -5, 5, NaN, 0.5), 1, p);
    expect(Array.from(frame ?? []).filter((_, i) => i % 4 === 0)).toEqual([
      0, 255, 128, 0, 255, 0, 191,
    ]);
    expect(Array.from(frame ?? []).filter((_, i) => i % 4 === 3)).toEqual([
      255, 255, 255, 255, 255, 255, 255,
    ]);
  });

  it('reads planes for NCHW and interleaved pixels for NHWC', () => {
    const nchw = toRgbaFrames(Float32Array.of(0, 1, 0, 1, 1, 0), 1, props('NCHW', 3, [0, 1], 2, 1));
    expect(Array.from(nchw[0] ?? [])).toEqual([0, 0, 255, 255, 255, 255, 0, 255]);
    const nhwc = toRgbaFrames(Float32Array.of(0, 1, 0, 1, 1, 0), 1, props('NHWC', 3, [0, 1], 2, 1));
    expect(Array.from(nhwc[0] ?? [])).toEqual([0, 255, 0, 255, 255, 255, 0, 255]);
  });

  it('refuses output of the wrong length in words', () => {
    expect(() => toRgbaFrames(new Float32Array(10), 1, props('NCHW', 3, [0, 1]))).toThrow(
      /returned 10 values, but 1 images of 3×3×5 need 45/,
    );
  });
});
