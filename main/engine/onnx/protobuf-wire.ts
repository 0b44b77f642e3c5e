/**
 * Protobuf wire-format reading, only as much as onnx-graph.ts needs: varints, length-delimited
 * fields, and skipping everything else by size. Errors are Truncated (ran out of bytes) or
 * Malformed (impossible field), so callers can tell a cut-off file from a file of another kind.
 */

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** The bytes end mid-field: typically a cut-off download or copy. */
export class Truncated extends Error {}
/** The bytes are not protobuf (or not the message we expect). */
export class Malformed extends Error {}

/** A cursor over protobuf wire format; calls `field` for every (number, wire type) it meets. */
export function readMessage(
  buf: Uint8Array,
  start: number,
  end: number,
  field: (no: number, wire: number, at: Cursor) => void,
): void {
  const cur = new Cursor(buf, start, end);
  while (cur.pos < end) {
    const key = cur.varint();
    const no = Math.floor(key / 8);
    const wire = key % 8;
    if (no === 0) throw new Malformed();
    field(no, wire, cur);
  }
}

export class Cursor {
  constructor(
    readonly buf: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}

  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new Truncated();
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * scale; // floats, not bit ops: values above 2^31 stay correct enough
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new Malformed();
  }

  /** Returns [start, end) of a length-delimited field and moves past it. */
  bytes(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    if (start + len > this.end) throw new Truncated();
    this.pos = start + len;
    return [start, start + len];
  }

  string(): string {
    const [s, e] = this.bytes();
    return utf8.decode(this.buf.subarray(s, e));
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.advance(8);
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.advance(4);
    else throw new Malformed(); // groups (3/4) and 6/7 never appear in ONNX files
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw new Truncated();
    this.pos += n;
  }
}

/** Field readers that also check the wire type, so a stray byte pattern is rejected, not misread. */
export function str(wire: number, cur: Cursor): string {
  if (wire !== 2) throw new Malformed();
  return cur.string();
}
export function sub(wire: number, cur: Cursor): [number, number] {
  if (wire !== 2) throw new Malformed();
  return cur.bytes();
}
