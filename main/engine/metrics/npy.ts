import { StudioError } from '../../contract/channels';

/**
 * NumPy's .npy format (versions 1–3): magic "\x93NUMPY", version, header length (2 bytes in v1, 4
 * in v2/v3), then a Python dict literal {'descr': '<f8', 'fortran_order': False, 'shape': (d, d), }
 * padded so the data starts on a 64-byte boundary. We read little-endian float64/float32 (and
 * integer scalars such as our `n`) into float64, since every metric computes in float64.
 */
export interface NpyArray {
  shape: number[];
  data: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const DTYPES: Record<string, { size: number; read: (v: DataView, o: number) => number }> = {
  '<f8': { size: 8, read: (v, o) => v.getFloat64(o, true) },
  '<f4': { size: 4, read: (v, o) => v.getFloat32(o, true) },
  '<i8': { size: 8, read: (v, o) => Number(v.getBigInt64(o, true)) },
  '<i4': { size: 4, read: (v, o) => v.getInt32(o, true) },
};

export function parseNpy(buf: Uint8Array, where: string): NpyArray {
  const bad = (why: string) =>
    new StudioError('BAD_FILE', `${where} is not a valid .npy array: ${why}.`);
  if (buf.length < 10 || MAGIC.some((b, i) => buf[i] !== b))
    throw bad('missing the \\x93NUMPY signature');
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const major = buf[6]!;
  if (major < 1 || major > 3) throw bad(`unsupported format version ${major}`);
  const headerLen = major === 1 ? v.getUint16(8, true) : v.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > buf.length) throw bad('truncated header');
  const header = new TextDecoder().decode(buf.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    throw bad(`unreadable header ${header.trim()}`);
  const dtype = DTYPES[descr.replace(/^\|/, '<')];
  if (!dtype)
    throw bad(`data type ${descr} (expected little-endian float64 '<f8' or float32 '<f4')`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (shape.some((s) => !Number.isSafeInteger(s) || s < 0)) throw bad(`shape (${shapeText})`);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  if (buf.length - offset !== count * dtype.size) {
    throw bad(`${buf.length - offset} data bytes for shape (${shape.join(', ')}) of ${descr}`);
  }
  const data = new Float64Array(count);
  const dataView = new DataView(buf.buffer, buf.byteOffset + offset, count * dtype.size);
  if (fortran === 'True' && shape.length === 2) {
    // Column-major on disk: transpose into the C order everything else here assumes.
    const [rows, cols] = shape as [number, number];
    for (let c = 0; c < cols; c++)
      for (let r = 0; r < rows; r++)
        data[r * cols + c] = dtype.read(dataView, (c * rows + r) * dtype.size);
  } else {
    if (fortran === 'True' && shape.length > 2)
      throw bad('Fortran-ordered arrays of more than 2 dimensions');
    for (let i = 0; i < count; i++) data[i] = dtype.read(dataView, i * dtype.size);
  }
  return { shape, data };
}

/** A C-order little-endian float64 .npy (version 1), or int64 when `int` is set (for counts). */
export function formatNpy(shape: number[], data: ArrayLike<number>, int = false): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${int ? '<i8' : '<f8'}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Pad with spaces so magic + version + length + header + '\n' is a multiple of 64.
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const buf = new Uint8Array(10 + header.length + data.length * 8);
  const v = new DataView(buf.buffer);
  buf.set(MAGIC, 0);
  buf[6] = 1;
  v.setUint16(8, header.length, true);
  buf.set(new TextEncoder().encode(header), 10);
  for (let i = 0; i < data.length; i++) {
    if (int) v.setBigInt64(10 + header.length + i * 8, BigInt(data[i]!), true);
    else v.setFloat64(10 + header.length + i * 8, data[i]!, true);
  }
  return buf;
}
