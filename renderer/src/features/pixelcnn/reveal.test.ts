import { describe, expect, it } from 'vitest';
import { filledPixels, revealRows } from './reveal';

const frame = (w: number, h: number) => ({
  width: w,
  height: h,
  rgba: new Uint8Array(w * h * 4).fill(255),
  seed: null,
});

describe('PixelCNN live view', () => {
  it('shows only the rows made so far, the rest transparent', () => {
    const f = frame(3, 4);
    const shown = revealRows(f, 2);
    expect(filledPixels(shown.rgba)).toBe(6);
    expect([...shown.rgba.subarray(0, 24)].every((v) => v === 255)).toBe(true);
    expect([...shown.rgba.subarray(24)].every((v) => v === 0)).toBe(true);
    expect(filledPixels(f.rgba)).toBe(12); // the engine's frame is left as it was
  });

  it('shows a finished image whole and nothing before the first row', () => {
    const f = frame(2, 2);
    expect(revealRows(f, 2)).toBe(f);
    expect(revealRows(f, 9)).toBe(f);
    expect(filledPixels(revealRows(f, 0).rgba)).toBe(0);
  });
});
