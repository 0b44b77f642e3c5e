import { describe, expect, it } from 'vitest';
import { encodeGif } from './gif';
import type { RgbaImage } from './png';

function frame(shift: number, width = 16, height = 8): RgbaImage {
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++)
    rgba.set([(p * 3 + shift * 20) & 0xff, (p * 7) & 0xff, shift * 60, 255], p * 4);
  return { width, height, rgba };
}

/** Walks the GIF block structure; returns the blocks seen, so tests check structure, not bytes. */
function parseGif(bytes: Uint8Array): {
  width: number;
  height: number;
  frames: number;
  delays: number[];
  loops: boolean;
} {
  const u16 = (at: number): number => (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
  const skipSubBlocks = (at: number): number => {
    while (bytes[at] !== 0) at += (bytes[at] as number) + 1;
    return at + 1;
  };
  const flags = bytes[10] as number;
  let pos = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  const result = { width: u16(6), height: u16(8), frames: 0, delays: [] as number[], loops: false };
  while (bytes[pos] !== 0x3b) {
    if (bytes[pos] === 0x21) {
      const label = bytes[pos + 1];
      if (label === 0xf9) result.delays.push(u16(pos + 4));
      if (
        label === 0xff &&
        Buffer.from(bytes.subarray(pos + 3, pos + 14)).toString('latin1') === 'NETSCAPE2.0'
      )
        result.loops = true;
      pos = skipSubBlocks(pos + 2);
    } else if (bytes[pos] === 0x2c) {
      result.frames++;
      const local = bytes[pos + 9] as number;
      pos += 10 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0);
      pos = skipSubBlocks(pos + 1); // LZW minimum code size, then the data
    } else {
      throw new Error(`unexpected GIF block 0x${bytes[pos]?.toString(16)} at ${pos}`);
    }
  }
  return result;
}

describe('encodeGif', () => {
  it('writes a GIF89a with every frame, the size, the delay and looping', () => {
    const gif = encodeGif([frame(0), frame(1), frame(2)], { fps: 10, loop: true });
    expect(Buffer.from(gif.subarray(0, 6)).toString('latin1')).toBe('GIF89a');
    expect(gif[gif.length - 1]).toBe(0x3b);
    expect(parseGif(gif)).toEqual({
      width: 16,
      height: 8,
      frames: 3,
      delays: [10, 10, 10],
      loops: true,
    });
  });

  it('plays once without loop, and never uses a delay browsers would slow down', () => {
    const gif = parseGif(encodeGif([frame(0), frame(1)], { fps: 60, loop: false }));
    expect(gif.loops).toBe(false);
    expect(gif.delays).toEqual([2, 2]);
  });

  it('refuses frames of different sizes and an empty animation', () => {
    expect(() => encodeGif([frame(0), frame(1, 8, 8)], { fps: 10, loop: true })).toThrow(
      /same size/,
    );
    expect(() => encodeGif([], { fps: 10, loop: true })).toThrow(/at least one frame/);
  });
});
