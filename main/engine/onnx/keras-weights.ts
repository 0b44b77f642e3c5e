import { StudioError } from '../../contract/channels';

/**
 * Decodes the weights of a tfjs layers model (model.json `weightsManifest` + the concatenated shard
 * bytes) into float32 arrays by name, without tfjs. Float32 weights are copied; uint8/uint16
 * quantised weights are dequantised exactly as tfjs-core's `decodeWeights` does:
 * value = q · scale + min, computed in float64 and stored as float32.
 */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; min?: number; scale?: number };
}

export interface KerasWeight {
  shape: number[];
  data: Float32Array;
}

const BYTES: Record<string, number> = { float32: 4, uint8: 1, uint16: 2 };

export function decodeKerasWeights(
  entries: readonly WeightEntry[],
  bytes: Uint8Array,
  source: string,
): Map<string, KerasWeight> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights = new Map<string, KerasWeight>();
  let offset = 0;
  for (const entry of entries) {
    const count = entry.shape.reduce((a, b) => a * b, 1);
    const stored = entry.quantization?.dtype ?? entry.dtype;
    const width = BYTES[stored];
    if (width === undefined || entry.dtype !== 'float32')
      throw new StudioError(
        'BAD_FILE',
        `${source}: weight ${entry.name} is ${stored}, not supported`,
      );
    if (offset + count * width > bytes.length)
      throw new StudioError('BAD_FILE', `${source}: the weight data ends before ${entry.name}`);
    const data = new Float32Array(count);
    if (stored === 'float32') {
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(offset + i * 4, true);
    } else {
      const { min, scale } = entry.quantization!;
      if (min === undefined || scale === undefined)
        throw new StudioError('BAD_FILE', `${source}: weight ${entry.name} lacks min/scale`);
      for (let i = 0; i < count; i++) {
        const q = width === 1 ? bytes[offset + i]! : view.getUint16(offset + i * 2, true);
        data[i] = q * scale + min;
      }
    }
    weights.set(entry.name, { shape: entry.shape, data });
    offset += count * width;
  }
  if (offset !== bytes.length)
    throw new StudioError(
      'BAD_FILE',
      `${source}: the manifest describes ${offset} weight bytes, the shards hold ${bytes.length}`,
    );
  return weights;
}
