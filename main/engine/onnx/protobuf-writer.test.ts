import { describe, expect, it } from 'vitest';
import { Cursor, readMessage } from './protobuf-wire';
import { ProtoWriter } from './protobuf-writer';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('ProtoWriter', () => {
  it('encodes varints as protobuf does (reference bytes from the protobuf docs)', () => {
    expect(hex(new ProtoWriter().varint(1, 150).finish())).toBe('089601');
    expect(hex(new ProtoWriter().varint(1, 0).finish())).toBe('0800');
    expect(hex(new ProtoWriter().varint(2, 300).finish())).toBe('10ac02');
    // int64 -1 is ten bytes of two's complement
    expect(hex(new ProtoWriter().varint(1, -1).finish())).toBe('08ffffffffffffffffff01');
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
  });

  it('round-trips through the project reader, including large values and big byte blocks', () => {
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    const inner = new ProtoWriter().string(1, 'héllo').float(2, 1.5);
    const bytes = new ProtoWriter()
      .varint(1, 2 ** 40 + 3)
      .bytes(3, big)
      .message(4, inner)
      .packedVarints(5, [0, 127, 128, 2 ** 31])
      .finish();
    const seen: unknown[] = [];
    readMessage(bytes, 0, bytes.length, (no, wire, cur) => {
      if (no === 1) seen.push(cur.varint());
      else if (no === 3) {
        const [s, e] = cur.bytes();
        seen.push(bytes.subarray(s, e).every((v, i) => v === big[i]) && e - s === big.length);
      } else if (no === 4) {
        const [s, e] = cur.bytes();
        readMessage(bytes, s, e, (ino, iwire, icur) => {
          if (ino === 1) seen.push(icur.string());
          else {
            seen.push(
              new DataView(bytes.buffer, bytes.byteOffset + icur.pos, 4).getFloat32(0, true),
            );
            icur.skip(iwire);
          }
        });
      } else if (no === 5) {
        const [s, e] = cur.bytes();
        const packed = new Cursor(bytes, s, e);
        while (packed.pos < e) seen.push(packed.varint());
      } else cur.skip(wire);
    });
    expect(seen).toEqual([2 ** 40 + 3, true, 'héllo', 1.5, 0, 127, 128, 2 ** 31]);
  });

  it('refuses values it cannot encode exactly', () => {
    expect(() => new ProtoWriter().varint(1, 0.5)).toThrow(RangeError);
    expect(() => new ProtoWriter().varint(1, 2 ** 60)).toThrow(RangeError);
  });
});
