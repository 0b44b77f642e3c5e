/**
 * Protobuf wire-format WRITING, the counterpart of protobuf-wire.ts (which only reads).
 * Just the field kinds an ONNX file needs: varints (wire 0), length-delimited bytes, strings and
 * sub-messages (wire 2), and fixed32 floats (wire 5). No protobuf dependency, for the same reason
 * as the reader: the format is small and the app must stay offline and lean.
 *
 * Small fields collect in a number[]; large byte blocks (weights, megabytes) are kept as separate
 * parts and copied once, in finish(), so a big model is not shuffled byte by byte.
 */

const utf8 = new TextEncoder();

export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private pending: number[] = [];
  private size = 0;

  /** int32/int64/enum/bool field. Negative values are 10-byte two's complement, as int64 requires. */
  varint(no: number, value: number): this {
    this.key(no, 0);
    this.rawVarint(value);
    return this;
  }

  /** Packed repeated int64 (proto3 default for repeated scalars). */
  packedVarints(no: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.rawVarint(v);
    return this.bytes(no, inner.finish());
  }

  /** fixed32 float, little-endian. */
  float(no: number, value: number): this {
    this.key(no, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.pending.push(b[0]!, b[1]!, b[2]!, b[3]!);
    return this;
  }

  string(no: number, value: string): this {
    return this.bytes(no, utf8.encode(value));
  }

  /** Length-delimited field; `data` is referenced, not copied, until finish(). */
  bytes(no: number, data: Uint8Array): this {
    this.key(no, 2);
    this.rawVarint(data.length);
    if (data.length < 64) {
      for (const b of data) this.pending.push(b);
    } else {
      this.flush();
      this.parts.push(data);
      this.size += data.length;
    }
    return this;
  }

  message(no: number, sub: ProtoWriter): this {
    return this.bytes(no, sub.finish());
  }

  finish(): Uint8Array {
    this.flush();
    if (this.parts.length === 1) return this.parts[0]!;
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  private key(no: number, wire: number): void {
    this.rawVarint(no * 8 + wire);
  }

  private rawVarint(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
    if (value < 0) {
      // BigInt only here: JS bit operators are 32-bit, and -1 must become 2^64-1.
      let v = BigInt.asUintN(64, BigInt(value));
      while (v >= 0x80n) {
        this.pending.push(Number(v & 0x7fn) | 0x80);
        v >>= 7n;
      }
      this.pending.push(Number(v));
      return;
    }
    let v = value;
    while (v >= 0x80) {
      this.pending.push((v % 128) | 0x80); // % and /, not bit ops: values may exceed 2^31
      v = Math.floor(v / 128);
    }
    this.pending.push(v);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.parts.push(Uint8Array.from(this.pending));
    this.size += this.pending.length;
    this.pending = [];
  }
}
