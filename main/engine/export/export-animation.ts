import { encodeApng } from '../image/apng';
import { encodeGif } from '../image/gif';
import type { RgbaImage } from '../image/png';

export type AnimationFormat = 'gif' | 'apng';

/** Picks the format from a file name: .gif is GIF, .png/.apng is APNG. */
export function animationFormatOf(file: string): AnimationFormat | null {
  if (/\.gif$/i.test(file)) return 'gif';
  if (/\.a?png$/i.test(file)) return 'apng';
  return null;
}

/** The file extensions an animation of each format may be written to. */
export const ANIMATION_EXTENSIONS = ['.gif', '.png', '.apng'] as const;

/** Encodes rendered frames as a GIF or APNG (the caller writes the bytes where it may). */
export function encodeAnimation(
  frames: RgbaImage[],
  options: { format: AnimationFormat; fps: number; loop: boolean; text?: Record<string, string> },
): Uint8Array {
  return options.format === 'gif'
    ? encodeGif(frames, { fps: options.fps, loop: options.loop })
    : encodeApng(frames, { fps: options.fps, loop: options.loop, text: options.text });
}
