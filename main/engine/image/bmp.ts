import { StudioError } from '../../contract/channels';

/**
 * A BMP decoder: the image decoder in sharp (libvips) does not read BMP, a format Windows tools
 * and old data sets still produce. Reads what Windows and Pillow write: 1/4/8-bit palettes,
 * 16-bit (5-5-5, or bit masks), 24-bit, 32-bit (BGRX, or with masks incl. alpha), bottom-up or
 * top-down, info headers of 12 (OS/2), 40, 52, 56, 108 and 124 bytes. RLE and embedded
 * JPEG/PNG are refused in words.
 */
export interface DecodedBmp {
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA: only when the file has an alpha mask and uses it). */
  channels: 3 | 4;
  /** width*height*channels bytes, row-major, top row first. */
  pixels: Uint8Array;
}

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;
/** Same bound as the scan's default pixel limit: a header cannot make us allocate more. */
const MAX_PIXELS = 64 * 1024 * 1024;

export const isBmp = (head: Uint8Array): boolean => head[0] === 0x42 && head[1] === 0x4d;

/** Decodes a BMP file's bytes; `label` names the file in errors. */
export function decodeBmp(bytes: Uint8Array, label: string): DecodedBmp {
  const bad = (why: string) =>
    new StudioError('BAD_FILE', `${label} is not a readable BMP: ${why}.`);
  if (bytes.length < 26 || !isBmp(bytes)) throw bad('it does not start with a BMP header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  const core = headerSize === 12;
  if (!core && ![40, 52, 56, 108, 124].includes(headerSize))
    throw bad(`its info header has an unknown size (${headerSize} bytes)`);
  if (14 + headerSize > bytes.length) throw bad('the file ends inside its header');
  const width = core ? view.getUint16(18, true) : view.getInt32(18, true);
  const rawHeight = core ? view.getInt16(22, true) : view.getInt32(22, true);
  const bits = view.getUint16(core ? 24 : 28, true);
  const compression = core ? BI_RGB : view.getUint32(30, true);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height <= 0) throw bad(`it claims ${width}×${rawHeight} pixels`);
  if (width * height > MAX_PIXELS)
    throw bad(`it claims ${width}×${height} pixels, over the ${MAX_PIXELS / 2 ** 20} Mpx limit`);
  if (compression !== BI_RGB && compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS)
    throw bad(
      `compression ${compressionName(compression)} is not supported (save it uncompressed)`,
    );

  const masks = readMasks(view, headerSize, bits, compression);
  const palette = bits <= 8 ? readPalette(bytes, headerSize, core, bits, view) : null;
  if (![1, 4, 8, 16, 24, 32].includes(bits)) throw bad(`${bits} bits per pixel is not a BMP depth`);
  const stride = Math.ceil((width * bits) / 32) * 4;
  if (dataOffset + stride * height > bytes.length) throw bad('the pixel data ends early');

  const rgba = new Uint8Array(width * height * 4);
  let anyAlpha = false;
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (palette) {
        const bitPos = x * bits;
        const byte = bytes[row + (bitPos >> 3)]!;
        const index = (byte >> (8 - bits - (bitPos & 7))) & ((1 << bits) - 1);
        if (index * 4 + 3 > palette.length) throw bad(`pixel (${x}, ${y}) uses a missing colour`);
        rgba.set(palette.subarray(index * 4, index * 4 + 3), o);
        rgba[o + 3] = 255;
      } else if (bits === 24) {
        const p = row + x * 3;
        rgba[o] = bytes[p + 2]!;
        rgba[o + 1] = bytes[p + 1]!;
        rgba[o + 2] = bytes[p]!;
        rgba[o + 3] = 255;
      } else {
        const v =
          bits === 16 ? view.getUint16(row + x * 2, true) : view.getUint32(row + x * 4, true);
        rgba[o] = channel(v, masks.r);
        rgba[o + 1] = channel(v, masks.g);
        rgba[o + 2] = channel(v, masks.b);
        rgba[o + 3] = masks.a ? channel(v, masks.a) : 255;
        if (rgba[o + 3] !== 255) anyAlpha = true;
      }
    }
  }
  if (anyAlpha) return { width, height, channels: 4, pixels: rgba };
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) rgb.set(rgba.subarray(p * 4, p * 4 + 3), p * 3);
  return { width, height, channels: 3, pixels: rgb };
}

function compressionName(c: number): string {
  return ({ 1: 'RLE8', 2: 'RLE4', 4: 'JPEG', 5: 'PNG' } as Record<number, string>)[c] ?? String(c);
}

interface Masks {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** Channel masks of a 16/32-bit image: from the header (bitfields) or the format's defaults. */
function readMasks(view: DataView, headerSize: number, bits: number, compression: number): Masks {
  if (compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) {
    // In a 40-byte header the masks follow it; in larger headers they are part of it.
    const at = 14 + 40;
    const alphaInHeader = headerSize >= 56 || compression === BI_ALPHABITFIELDS;
    return {
      r: view.getUint32(at, true),
      g: view.getUint32(at + 4, true),
      b: view.getUint32(at + 8, true),
      a: alphaInHeader ? view.getUint32(at + 12, true) : 0,
    };
  }
  if (bits === 16) return { r: 0x7c00, g: 0x03e0, b: 0x001f, a: 0 };
  // 32-bit BI_RGB is BGRX; V4/V5 headers may still give an alpha mask for it.
  const a = headerSize >= 108 ? view.getUint32(14 + 52, true) : 0;
  return { r: 0x00ff0000, g: 0x0000ff00, b: 0x000000ff, a };
}

/** A masked channel scaled to 0..255 (5-bit 31 → 255, as Pillow and Windows do). */
function channel(value: number, mask: number): number {
  if (mask === 0) return 0;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return Math.round((((value & mask) >>> shift) * 255) / max);
}

/** The palette as RGBA quads (BMP stores BGR0, or BGR for the 12-byte OS/2 header). */
function readPalette(
  bytes: Uint8Array,
  headerSize: number,
  core: boolean,
  bits: number,
  view: DataView,
): Uint8Array {
  const entrySize = core ? 3 : 4;
  const declared = core ? 0 : view.getUint32(46, true);
  const count = declared > 0 ? Math.min(declared, 1 << bits) : 1 << bits;
  const start = 14 + headerSize;
  const out = new Uint8Array(count * 4);
  for (let i = 0; i < count; i++) {
    const p = start + i * entrySize;
    if (p + 2 >= bytes.length) break;
    out[i * 4] = bytes[p + 2]!;
    out[i * 4 + 1] = bytes[p + 1]!;
    out[i * 4 + 2] = bytes[p]!;
    out[i * 4 + 3] = 255;
  }
  return out;
}
