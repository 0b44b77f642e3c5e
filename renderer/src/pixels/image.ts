import type { Frame } from '../../../main/contract/channels';

/** Wraps the frame's RGBA bytes as ImageData without copying them. */
export function frameImageData(frame: Frame): ImageData {
  const { rgba, width, height } = frame;
  const buffer = rgba.buffer;
  if (!(buffer instanceof ArrayBuffer)) throw new Error('Frame pixels are not in an ArrayBuffer');
  const pixels = new Uint8ClampedArray(buffer, rgba.byteOffset, width * height * 4);
  return new ImageData(pixels, width, height);
}

export function drawFrame(canvas: HTMLCanvasElement, frame: Frame): void {
  if (canvas.width !== frame.width) canvas.width = frame.width;
  if (canvas.height !== frame.height) canvas.height = frame.height;
  canvas.getContext('2d')?.putImageData(frameImageData(frame), 0, 0);
}

const offscreen = new WeakMap<Frame, HTMLCanvasElement>();

/** An offscreen canvas holding the frame (cached per frame), e.g. for a Konva.Image. */
export function frameCanvas(frame: Frame): HTMLCanvasElement {
  let canvas = offscreen.get(frame);
  if (!canvas) {
    canvas = document.createElement('canvas');
    drawFrame(canvas, frame);
    offscreen.set(frame, canvas);
  }
  return canvas;
}

/**
 * A picture file as the page sees it, at most `max` pixels on its longer side (a preview shown
 * beside what the engine made of it); null when the page cannot decode it.
 */
export async function decodePreview(file: Blob, max = 256): Promise<Frame | null> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, max / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) return null;
    context.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    const data = context.getImageData(0, 0, width, height).data;
    return { width, height, rgba: new Uint8Array(data.buffer.slice(0)), seed: null };
  } catch {
    return null;
  }
}
