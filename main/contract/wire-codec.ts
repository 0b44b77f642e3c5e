/**
 * Binary envelope for the WebSocket transport. A message is a JSON header in which every
 * Uint8Array is replaced by {"$bin": index}, followed by the raw bytes of each attachment:
 *
 *   [u32 LE header length][header JSON, UTF-8][u32 LE length, bytes]*
 *
 * This keeps pixels binary end to end (no base64, no number arrays). Pure: runs in Node and browsers.
 */

interface BinRef {
  $bin: number;
}

function isBinRef(v: unknown): v is BinRef {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as BinRef).$bin === 'number' &&
    Object.keys(v).length === 1
  );
}

export function encodeMessage(message: unknown): Uint8Array {
  const blobs: Uint8Array[] = [];
  const header = JSON.stringify(message, (_key, value: unknown) => {
    if (value instanceof Uint8Array) {
      blobs.push(value);
      return { $bin: blobs.length - 1 };
    }
    return value;
  });
  const headerBytes = new TextEncoder().encode(header);
  let size = 4 + headerBytes.length;
  for (const b of blobs) size += 4 + b.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes.length, true);
  out.set(headerBytes, 4);
  let offset = 4 + headerBytes.length;
  for (const b of blobs) {
    view.setUint32(offset, b.length, true);
    out.set(b, offset + 4);
    offset += 4 + b.length;
  }
  return out;
}

export function decodeMessage(data: Uint8Array): unknown {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.byteLength < 4) throw new Error('Message too short');
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > data.byteLength) throw new Error('Message header overruns the frame');
  const header = new TextDecoder().decode(data.subarray(4, 4 + headerLength));
  const blobs: Uint8Array[] = [];
  let offset = 4 + headerLength;
  while (offset < data.byteLength) {
    if (offset + 4 > data.byteLength) throw new Error('Truncated attachment length');
    const length = view.getUint32(offset, true);
    if (offset + 4 + length > data.byteLength) throw new Error('Truncated attachment');
    // Copy into its own buffer so each Uint8Array can be transferred or wrapped as ImageData.
    blobs.push(data.slice(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return JSON.parse(header, (_key, value: unknown) => {
    if (isBinRef(value)) {
      const blob = blobs[value.$bin];
      if (!blob) throw new Error(`Missing attachment ${value.$bin}`);
      return blob;
    }
    return value;
  }) as unknown;
}
