import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { StudioError } from '../../contract/channels';

/**
 * The small slice of ZIP that .npz needs (numpy.savez / savez_compressed, pytorch-fid --save-stats):
 * stored (0) or deflated (8) entries, found through the central directory — the only place numpy
 * is guaranteed to put real sizes, since it writes ZIP64 local headers with 0xFFFFFFFF placeholders.
 * ZIP64 end records and extra fields are understood; encryption, multi-disk and other methods are
 * refused in words. Every entry's CRC-32 is checked, so a truncated or corrupted file never yields
 * quietly wrong statistics.
 */
export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

const bad = (file: string, why: string) =>
  new StudioError('BAD_FILE', `${file} is not a readable .npz (zip) file: ${why}.`);

export function readZip(buf: Uint8Array, file: string): ZipEntry[] {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (v.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad(file, 'no end-of-central-directory record (not a zip, or truncated)');
  let count = v.getUint16(eocd + 10, true);
  let cdOffset = v.getUint32(eocd + 16, true);
  if (
    (count === 0xffff || cdOffset === 0xffffffff) &&
    eocd >= 20 &&
    v.getUint32(eocd - 20, true) === 0x07064b50
  ) {
    const z64 = Number(v.getBigUint64(eocd - 12, true));
    if (z64 + 56 > buf.length || v.getUint32(z64, true) !== 0x06064b50)
      throw bad(file, 'broken ZIP64 end record');
    count = Number(v.getBigUint64(z64 + 32, true));
    cdOffset = Number(v.getBigUint64(z64 + 48, true));
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let e = 0; e < count; e++) {
    if (p + 46 > buf.length || v.getUint32(p, true) !== 0x02014b50)
      throw bad(file, 'broken central directory');
    const flags = v.getUint16(p + 8, true);
    const method = v.getUint16(p + 10, true);
    const crc = v.getUint32(p + 16, true);
    let csize = v.getUint32(p + 20, true);
    let usize = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    let local = v.getUint32(p + 42, true);
    const name = new TextDecoder().decode(buf.subarray(p + 46, p + 46 + nameLen));
    // ZIP64 extra field (id 1): 8-byte values for exactly those fields that hold 0xFFFFFFFF.
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen;) {
      const id = v.getUint16(x, true);
      const size = v.getUint16(x + 2, true);
      if (id === 1) {
        let q = x + 4;
        const next = () => {
          const n = Number(v.getBigUint64(q, true));
          q += 8;
          return n;
        };
        if (usize === 0xffffffff) usize = next();
        if (csize === 0xffffffff) csize = next();
        if (local === 0xffffffff) local = next();
      }
      x += 4 + size;
    }
    if (flags & 1) throw bad(file, `entry ${name} is encrypted`);
    if (local + 30 > buf.length || v.getUint32(local, true) !== 0x04034b50)
      throw bad(file, `entry ${name} has no local header`);
    const start = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
    if (start + csize > buf.length) throw bad(file, `entry ${name} is truncated`);
    const raw = buf.subarray(start, start + csize);
    let data: Uint8Array;
    if (method === 0) data = raw;
    else if (method === 8) {
      try {
        data = inflateRawSync(raw);
      } catch {
        throw bad(file, `entry ${name} does not inflate`);
      }
    } else
      throw bad(
        file,
        `entry ${name} uses compression method ${method} (only stored and deflate are supported)`,
      );
    if (data.length !== usize || crc32(data) >>> 0 !== crc)
      throw bad(file, `entry ${name} fails its size/CRC check`);
    entries.push({ name, data });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** A zip with the given entries (deflated when `compress`, else stored like numpy.savez). */
export function writeZip(entries: ZipEntry[], compress = false): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = new TextEncoder().encode(name);
    const body = compress ? deflateRawSync(data) : data;
    const crc = crc32(data) >>> 0;
    const head = new Uint8Array(30 + nameBytes.length);
    const h = new DataView(head.buffer);
    h.setUint32(0, 0x04034b50, true);
    h.setUint16(4, 20, true);
    h.setUint16(8, compress ? 8 : 0, true);
    h.setUint16(12, 0x21, true); // 1980-01-01: a fixed date keeps the files reproducible
    h.setUint32(14, crc, true);
    h.setUint32(18, body.length, true);
    h.setUint32(22, data.length, true);
    h.setUint16(26, nameBytes.length, true);
    head.set(nameBytes, 30);
    const cen = new Uint8Array(46 + nameBytes.length);
    const c = new DataView(cen.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    cen.set(head.subarray(8, 30), 10); // method, time, date, crc, sizes, name length
    c.setUint32(42, offset, true);
    cen.set(nameBytes, 46);
    locals.push(head, body);
    centrals.push(cen);
    offset += head.length + body.length;
  }
  const cdSize = centrals.reduce((s, b) => s + b.length, 0);
  if (offset + cdSize > 0xfffffff0)
    throw new StudioError('BAD_REQUEST', 'Statistics too large for a plain zip file.');
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return Buffer.concat([...locals, ...centrals, end]);
}
