import type { Frame } from '../../../../main/contract/channels';

/**
 * The part of a PixelCNN frame made so far: rows below `rows` become transparent (the engine
 * sends them black, which would look like made pixels), so the canvas shows the image filling in.
 */
export function revealRows(frame: Frame, rows: number): Frame {
  const made = Math.max(0, Math.min(frame.height, rows));
  if (made === frame.height) return frame;
  const rgba = new Uint8Array(frame.rgba);
  rgba.fill(0, made * frame.width * 4);
  return { ...frame, rgba };
}

/** Pixels drawn (alpha > 0) in RGBA data: what the live view has filled in. */
export function filledPixels(rgba: Uint8Array | Uint8ClampedArray): number {
  let n = 0;
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i]! > 0) n++;
  return n;
}
