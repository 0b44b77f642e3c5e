import { crc32 } from '../io/crc32';
import { StudioError } from '../../contract/channels';

/**
 * The PNG container: an 8-byte signature, then chunks of
 * [length u32 BE][type, 4 ASCII bytes][data][CRC-32 u32 BE over type + data].
 */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export { crc32 };

export function makeChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) chunk[4 + i] = type.charCodeAt(i);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

export interface PngChunk {
  type: string;
  data: Uint8Array;
}

/** How files are named in errors: `"cat.png"`, or a neutral phrase when there is no name. */
export function describeFile(fileLabel?: string): string {
  return fileLabel ? `"${fileLabel}"` : 'The file';
}

/**
 * Every chunk up to and including IEND, with CRCs checked. Throws BAD_FILE in words when the bytes
 * are not a PNG, end before IEND, or a chunk is damaged.
 */
export function readChunks(bytes: Uint8Array, fileLabel?: string): PngChunk[] {
  const name = describeFile(fileLabel);
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new StudioError('BAD_FILE', `${name} is not a PNG file.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let pos = 8;
  for (;;) {
    if (pos + 12 > bytes.length)
      throw new StudioError(
        'BAD_FILE',
        `${name} is truncated (it ends before the PNG is complete).`,
      );
    const length = view.getUint32(pos);
    const end = pos + 12 + length;
    if (end > bytes.length)
      throw new StudioError(
        'BAD_FILE',
        `${name} is truncated (it ends before the PNG is complete).`,
      );
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    if (crc32(bytes.subarray(pos + 4, end - 4)) !== view.getUint32(end - 4)) {
      throw new StudioError(
        'BAD_FILE',
        `${name} is damaged: the checksum of its "${type}" chunk does not match.`,
      );
    }
    chunks.push({ type, data: bytes.subarray(pos + 8, end - 4) });
    if (type === 'IEND') return chunks;
    pos = end;
  }
}
