import { StudioError } from '../../contract/channels';
import { makeChunk, PNG_SIGNATURE } from './png-chunks';
import { compressRgba, concatBytes, makeRgbaHeader, type RgbaImage } from './png';
import { makeTextChunk } from './png-text';

export interface AnimationOptions {
  fps: number;
  loop: boolean;
  text?: Record<string, string>;
}

/**
 * Animated PNG (APNG 1.0): full 24-bit colour with alpha, unlike GIF's 256-colour palette.
 *
 * Layout: signature, IHDR, iTXt…, acTL, then frame 0 as fcTL + IDAT (so viewers without APNG
 * support show the first frame), then each later frame as fcTL + fdAT. fcTL and fdAT share one
 * sequence counter starting at 0. Every frame covers the whole canvas, disposes to NONE and blends
 * with SOURCE, so no frame depends on the previous one.
 */
export function encodeApng(frames: RgbaImage[], opts: AnimationOptions): Uint8Array {
  const first = frames[0];
  if (first === undefined)
    throw new StudioError('BAD_REQUEST', 'An animation needs at least one frame.');
  const { width, height } = first;
  if (frames.some((f) => f.width !== width || f.height !== height)) {
    throw new StudioError('INTERNAL', 'Every frame of an animation must have the same size.');
  }
  const [delayNum, delayDen] = frameDelay(opts.fps);
  const parts: Uint8Array[] = [PNG_SIGNATURE, makeRgbaHeader(width, height)];
  for (const [k, v] of Object.entries(opts.text ?? {})) parts.push(makeTextChunk(k, v));

  const actl = new DataView(new ArrayBuffer(8));
  actl.setUint32(0, frames.length);
  actl.setUint32(4, opts.loop ? 0 : 1); // num_plays: 0 means forever
  parts.push(makeChunk('acTL', new Uint8Array(actl.buffer)));

  let sequence = 0;
  frames.forEach((frame, index) => {
    const fctl = new DataView(new ArrayBuffer(26));
    fctl.setUint32(0, sequence++);
    fctl.setUint32(4, width);
    fctl.setUint32(8, height);
    // x_offset and y_offset (bytes 12–19) stay 0.
    fctl.setUint16(20, delayNum);
    fctl.setUint16(22, delayDen);
    fctl.setUint8(24, 0); // dispose_op NONE
    fctl.setUint8(25, 0); // blend_op SOURCE
    parts.push(makeChunk('fcTL', new Uint8Array(fctl.buffer)));
    const data = compressRgba(frame);
    if (index === 0) {
      parts.push(makeChunk('IDAT', data));
    } else {
      const fdat = new Uint8Array(4 + data.length);
      new DataView(fdat.buffer).setUint32(0, sequence++);
      fdat.set(data, 4);
      parts.push(makeChunk('fdAT', fdat));
    }
  });
  parts.push(makeChunk('IEND', new Uint8Array(0)));
  return concatBytes(parts);
}

/** Delay as the u16 fraction fcTL wants: exactly 1/fps for whole fps, else milliseconds. */
export function frameDelay(fps: number): [number, number] {
  if (!(fps > 0) || !Number.isFinite(fps)) {
    throw new StudioError('BAD_REQUEST', `Frames per second must be above 0, not ${fps}.`);
  }
  if (Number.isInteger(fps) && fps <= 0xffff) return [1, fps];
  return [Math.min(0xffff, Math.max(1, Math.round(1000 / fps))), 1000];
}
