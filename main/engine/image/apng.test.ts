import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { encodeApng, frameDelay } from './apng';
import { readChunks } from './png-chunks';
import { decodePngRgba, type RgbaImage } from './png';
import { unfilterRows } from './png-filter';

function frame(value: number): RgbaImage {
  return {
    width: 3,
    height: 2,
    rgba: new Uint8Array(24).map((_, i) => (i % 4 === 3 ? 255 : (value * 40 + i) & 0xff)),
  };
}

describe('encodeApng', () => {
  const frames = [frame(0), frame(1), frame(2), frame(3)];
  const apng = encodeApng(frames, { fps: 12, loop: true, text: { Title: 'strip' } });
  const chunks = readChunks(apng);
  const u32 = (data: Uint8Array, at: number): number =>
    new DataView(data.buffer, data.byteOffset).getUint32(at);
  const u16 = (data: Uint8Array, at: number): number =>
    new DataView(data.buffer, data.byteOffset).getUint16(at);

  it('orders chunks IHDR, iTXt, acTL, fcTL, IDAT, then fcTL+fdAT per frame, IEND', () => {
    expect(chunks.map((c) => c.type)).toEqual([
      'IHDR',
      'iTXt',
      'acTL',
      'fcTL',
      'IDAT',
      'fcTL',
      'fdAT',
      'fcTL',
      'fdAT',
      'fcTL',
      'fdAT',
      'IEND',
    ]);
  });

  it('declares the frame count and infinite looping in acTL', () => {
    const actl = chunks.find((c) => c.type === 'acTL')?.data ?? new Uint8Array();
    expect([u32(actl, 0), u32(actl, 4)]).toEqual([4, 0]);
    const once =
      readChunks(encodeApng(frames, { fps: 12, loop: false })).find((c) => c.type === 'acTL')
        ?.data ?? new Uint8Array();
    expect(u32(once, 4)).toBe(1);
  });

  it('numbers fcTL and fdAT with one gapless sequence from 0, with delay 1/fps', () => {
    const sequenced = chunks.filter((c) => c.type === 'fcTL' || c.type === 'fdAT');
    expect(sequenced.map((c) => u32(c.data, 0))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const fctl of chunks.filter((c) => c.type === 'fcTL')) {
      expect([
        u32(fctl.data, 4),
        u32(fctl.data, 8),
        u16(fctl.data, 20),
        u16(fctl.data, 22),
      ]).toEqual([3, 2, 1, 12]);
    }
  });

  it('parses back to the original frames (IDAT is frame 0, each fdAT the next)', () => {
    expect(decodePngRgba(apng).rgba).toEqual(frames[0]?.rgba);
    const fdats = chunks.filter((c) => c.type === 'fdAT');
    fdats.forEach((c, i) => {
      const raw = unfilterRows(inflateSync(c.data.subarray(4)), 3, 2, 4);
      expect(raw).toEqual(frames[i + 1]?.rgba);
    });
  });

  it('expresses fractional fps in milliseconds and refuses mismatched sizes', () => {
    expect(frameDelay(30)).toEqual([1, 30]);
    expect(frameDelay(7.5)).toEqual([133, 1000]);
    expect(() =>
      encodeApng([frame(0), { width: 1, height: 1, rgba: new Uint8Array(4) }], {
        fps: 10,
        loop: true,
      }),
    ).toThrow(/same size/);
    expect(() => encodeApng([], { fps: 10, loop: true })).toThrow(/at least one frame/);
  });
});
