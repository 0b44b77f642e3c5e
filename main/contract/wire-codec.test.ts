import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from './wire-codec';

describe('wire codec', () => {
  it('round-trips nested pixels as binary attachments, not JSON numbers', () => {
    const rgba = new Uint8Array(64 * 64 * 4).map((_, i) => i % 251);
    const message = {
      id: 7,
      ok: true,
      value: { frames: [{ width: 64, height: 64, rgba, seed: 3 }] },
    };
    const encoded = encodeMessage(message);
    // The header stays small: pixels are appended raw after it.
    const headerLength = new DataView(encoded.buffer).getUint32(0, true);
    expect(headerLength).toBeLessThan(200);
    expect(encoded.byteLength).toBe(4 + headerLength + 4 + rgba.byteLength);
    const decoded = decodeMessage(encoded) as typeof message;
    expect(decoded.value.frames[0]!.rgba).toBeInstanceOf(Uint8Array);
    expect(decoded.value.frames[0]!.rgba).toEqual(rgba);
    expect(decoded.value.frames[0]!.seed).toBe(3);
  });

  it('rejects truncated frames with a reason', () => {
    const encoded = encodeMessage({ bytes: new Uint8Array(10) });
    expect(() => decodeMessage(encoded.subarray(0, encoded.byteLength - 3))).toThrow(/Truncated/);
    expect(() => decodeMessage(new Uint8Array([1]))).toThrow(/too short/);
    expect(() => decodeMessage(new Uint8Array([255, 0, 0, 0, 1]))).toThrow(/overruns/);
  });
});
