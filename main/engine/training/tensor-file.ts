import type { StoredTensor } from '../nets/net-params';

/**
 * Named float32 tensors as a JSON index plus one little-endian binary blob — the same split as the
 * generator weight files, so every weight in a checkpoint is readable without tfjs.
 */
export interface TensorIndexEntry {
  name: string;
  shape: number[];
  /** Byte offset into the .bin file. */
  offset: number;
  /** Number of float32 values. */
  length: number;
}

/** Whole tensors are copied as bytes on little-endian hosts (every one we ship for); else per value. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function encodeTensors(tensors: Record<string, StoredTensor>): {
  index: TensorIndexEntry[];
  bin: Uint8Array;
} {
  const names = Object.keys(tensors).sort();
  const total = names.reduce((sum, n) => sum + (tensors[n]?.data.length ?? 0), 0);
  const bin = new Uint8Array(total * 4);
  const view = new DataView(bin.buffer);
  const index: TensorIndexEntry[] = [];
  let offset = 0;
  for (const name of names) {
    const t = tensors[name]!;
    index.push({ name, shape: t.shape, offset, length: t.data.length });
    if (LITTLE_ENDIAN)
      bin.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), offset);
    else for (let i = 0; i < t.data.length; i++) view.setFloat32(offset + i * 4, t.data[i]!, true);
    offset += t.data.length * 4;
  }
  return { index, bin };
}

export function decodeTensors(
  index: TensorIndexEntry[],
  bin: Uint8Array,
): Record<string, StoredTensor> {
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  const out: Record<string, StoredTensor> = {};
  for (const e of index) {
    if (e.offset + e.length * 4 > bin.byteLength)
      throw new Error(`The weight file is too short for ${e.name}.`);
    const data = new Float32Array(e.length);
    if (LITTLE_ENDIAN)
      new Uint8Array(data.buffer).set(bin.subarray(e.offset, e.offset + e.length * 4));
    else for (let i = 0; i < e.length; i++) data[i] = view.getFloat32(e.offset + i * 4, true);
    out[e.name] = { shape: e.shape, data };
  }
  return out;
}
