import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeForTraining } from './decode-for-training';

const MESSY = resolve(__dirname, '../../../test/fixtures/messy');
const RESIZE = resolve(__dirname, '../../../test/fixtures/resize');
const rgb = { channels: 3, background: 'white' } as const;

/** Mean of channel `c` over the pixels of column band [x0, x1). */
function columnMean(
  pixels: Uint8Array,
  size: number,
  channels: number,
  c: number,
  x0: number,
  x1: number,
): number {
  let sum = 0;
  for (let y = 0; y < size; y++)
    for (let x = x0; x < x1; x++) sum += pixels[(y * size + x) * channels + c]!;
  return sum / (size * (x1 - x0));
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe('decodeForTraining', () => {
  it('returns size×size×channels bytes (HWC)', async () => {
    expect((await decodeForTraining(`${MESSY}/photo-b.jpg`, { size: 32, ...rgb })).length).toBe(
      32 * 32 * 3,
    );
    expect(
      (
        await decodeForTraining(`${MESSY}/photo-b.jpg`, {
          size: 16,
          channels: 1,
          background: 'black',
        })
      ).length,
    ).toBe(16 * 16);
  });

  it('honours EXIF orientation 6: the stored top band ends up on the right edge', async () => {
    // Stored 60×40 with red top rows; displayed (rotated 90° clockwise) 40×60 with red on the right.
    const px = await decodeForTraining(`${MESSY}/rotated-exif6.jpg`, { size: 32, ...rgb });
    expect(columnMean(px, 32, 3, 0, 28, 32)).toBeGreaterThan(200); // right edge red
    expect(columnMean(px, 32, 3, 2, 28, 32)).toBeLessThan(60);
    expect(columnMean(px, 32, 3, 0, 0, 16)).toBeLessThan(40); // left half blue
    expect(columnMean(px, 32, 3, 2, 0, 16)).toBeGreaterThan(200);
  });

  it('composites transparency on the chosen background, keeping opaque pixels', async () => {
    // alpha.png: left half opaque red, right half transparent BLUE (which must not show).
    const white = await decodeForTraining(`${MESSY}/alpha.png`, {
      size: 32,
      channels: 3,
      background: 'white',
    });
    const black = await decodeForTraining(`${MESSY}/alpha.png`, {
      size: 32,
      channels: 3,
      background: 'black',
    });
    for (const c of [0, 1, 2]) {
      expect(columnMean(white, 32, 3, c, 20, 32)).toBeGreaterThan(250);
      expect(columnMean(black, 32, 3, c, 20, 32)).toBeLessThan(5);
    }
    expect(columnMean(white, 32, 3, 0, 0, 12)).toBeGreaterThan(250);
    expect(columnMean(black, 32, 3, 0, 0, 12)).toBeGreaterThan(250);
    expect(columnMean(black, 32, 3, 1, 0, 12)).toBeLessThan(5);
  });

  it('brings 16-bit grayscale to full-range 8-bit, as 1 or 3 equal channels', async () => {
    const gray = await decodeForTraining(`${MESSY}/deep-16bit.png`, {
      size: 40,
      channels: 1,
      background: 'white',
    });
    // Blocky noise over the whole 0..65535 range must come out spread over 0..255, not clipped.
    expect(Math.max(...gray)).toBeGreaterThan(200);
    expect(Math.min(...gray)).toBeLessThan(50);
    expect(new Set(gray).size).toBeGreaterThan(20);
    const colour = await decodeForTraining(`${MESSY}/deep-16bit.png`, { size: 40, ...rgb });
    for (let p = 0; p < 40 * 40; p++) {
      expect(colour[3 * p]).toBe(colour[3 * p + 1]);
      expect(Math.abs(colour[3 * p]! - gray[p]!)).toBeLessThanOrEqual(1);
    }
  });

  it('takes the first frame of an animated GIF', async () => {
    const file = `${MESSY}/animated.gif`;
    const px = await decodeForTraining(file, { size: 48, ...rgb });
    const frame = (page: number) => sharp(file, { page }).removeAlpha().raw().toBuffer();
    expect(meanAbsDiff(px, await frame(0))).toBeLessThan(1);
    expect(meanAbsDiff(px, await frame(1))).toBeGreaterThan(30);
  });

  it('refuses a truncated file with BAD_FILE naming it', async () => {
    await expect(
      decodeForTraining(`${MESSY}/bad/truncated.jpg`, { size: 32, ...rgb }),
    ).rejects.toMatchObject({
      code: 'BAD_FILE',
      message: expect.stringContaining('truncated.jpg') as unknown,
    });
  });

  it('enlarges a smaller image bilinearly, as Pillow and PyTorch do (no lanczos overshoot)', async () => {
    const expected = JSON.parse(readFileSync(`${RESIZE}/small-7px-to-16.json`, 'utf8')) as {
      pillowBilinear: number[];
      torchBilinear: number[];
    };
    const px = await decodeForTraining(`${RESIZE}/small-7px.png`, { size: 16, ...rgb });
    // Both references rounded to bytes: Pillow's fixed point may differ from ours by one.
    let worstPillow = 0;
    let worstTorch = 0;
    px.forEach((v, i) => {
      worstPillow = Math.max(worstPillow, Math.abs(v - expected.pillowBilinear[i]!));
      worstTorch = Math.max(worstTorch, Math.abs(v - expected.torchBilinear[i]!));
    });
    expect(worstPillow).toBeLessThanOrEqual(1);
    expect(worstTorch).toBeLessThanOrEqual(0.5 + 1e-6);
  });
});
