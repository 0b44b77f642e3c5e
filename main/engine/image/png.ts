import { deflateSync, inflateSync } from 'node:zlib';
import { StudioError } from '../../contract/channels';
import { describeFile, makeChunk, PNG_SIGNATURE, readChunks } from './png-chunks';
import { filterRows, unfilterRows } from './png-filter';
import { makeTextChunk } from './png-text';

export { readPngTextChunks } from './png-text';

export interface RgbaImage {
  width: number;
  height: number;
  /** width*height*4 bytes, row-major, straight (not premultiplied) alpha. */
  rgba: Uint8Array;
}

/** IHDR for 8-bit RGBA (colour type 6), deflate, adaptive filtering, no interlace. */
export function makeRgbaHeader(width: number, height: number): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  data.set([8, 6, 0, 0, 0], 8);
  return makeChunk('IHDR', data);
}

/** The zlib stream of an image's filtered rows: the payload of IDAT (and of APNG's fdAT). */
export function compressRgba(image: RgbaImage): Uint8Array {
  checkImage(image);
  // Level 6 (zlib's default) is within a few % of 9 on generated images at a third of the time.
  return deflateSync(filterRows(image.rgba, image.width, image.height, 4), { level: 6 });
}

/** Encodes an 8-bit RGBA PNG; `text` becomes iTXt chunks placed before the image data. */
export function encodePng(image: RgbaImage, text: Record<string, string> = {}): Uint8Array {
  return concatBytes([
    PNG_SIGNATURE,
    makeRgbaHeader(image.width, image.height),
    ...Object.entries(text).map(([k, v]) => makeTextChunk(k, v)),
    makeChunk('IDAT', compressRgba(image)),
    makeChunk('IEND', new Uint8Array(0)),
  ]);
}

/** Bytes per pixel for the 8-bit colour types this decoder reads. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/**
 * Decodes 8-bit, non-interlaced grey (0), RGB (2), grey+alpha (4) and RGBA (6) PNGs to RGBA.
 * Enough for tests and for reading back our own files; other kinds are refused in words.
 */
export function decodePngRgba(bytes: Uint8Array, fileLabel?: string): RgbaImage {
  const name = describeFile(fileLabel);
  const chunks = readChunks(bytes, fileLabel);
  const header = chunks[0];
  if (header?.type !== 'IHDR' || header.data.length !== 13)
    throw new StudioError('BAD_FILE', `${name} has no valid PNG header.`);
  const view = new DataView(header.data.buffer, header.data.byteOffset, 13);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  const [bitDepth, colourType, , , interlace] = header.data.subarray(8);
  const channels = CHANNELS[colourType ?? -1];
  if (bitDepth !== 8 || channels === undefined || interlace !== 0) {
    throw new StudioError(
      'BAD_FILE',
      `${name} is a kind of PNG this reader does not handle (bit depth ${bitDepth}, colour type ${colourType}, interlace ${interlace}).`,
    );
  }
  const compressed = concatBytes(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
  const expected = height * (width * channels + 1);
  let filtered: Uint8Array;
  try {
    filtered = inflateSync(compressed, { maxOutputLength: expected });
  } catch {
    throw new StudioError('BAD_FILE', `${name} has image data that cannot be decompressed.`);
  }
  if (filtered.length !== expected)
    throw new StudioError('BAD_FILE', `${name} has too little image data.`);
  let raw: Uint8Array;
  try {
    raw = unfilterRows(filtered, width, height, channels);
  } catch (err) {
    throw new StudioError(
      'BAD_FILE',
      `${name} has damaged image data (${(err as Error).message}).`,
    );
  }
  return { width, height, rgba: expandToRgba(raw, width * height, channels) };
}

function expandToRgba(raw: Uint8Array, pixels: number, channels: number): Uint8Array {
  if (channels === 4) return raw;
  const out = new Uint8Array(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    const i = p * channels;
    const o = p * 4;
    const grey = channels <= 2;
    out[o] = raw[i] as number;
    out[o + 1] = raw[grey ? i : i + 1] as number;
    out[o + 2] = raw[grey ? i : i + 2] as number;
    out[o + 3] = channels === 2 ? (raw[i + 1] as number) : 255;
  }
  return out;
}

function checkImage({ width, height, rgba }: RgbaImage): void {
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 1 ||
    height < 1 ||
    rgba.length !== width * height * 4
  ) {
    throw new StudioError(
      'INTERNAL',
      `An image of ${width}×${height} needs ${width * height * 4} RGBA bytes, not ${rgba.length}.`,
    );
  }
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}
