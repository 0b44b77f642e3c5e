import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { encodeApng } from '../image/apng';
import { encodeGif } from '../image/gif';
import { writeFileAtomic } from '../io/atomic-write';
import type { RenderedImage } from '../render/render-latents';

export type AnimationFormat = 'gif' | 'apng';

/** Picks the format from a file name: .gif is GIF, .png/.apng is APNG. */
export function animationFormatOf(file: string): AnimationFormat | null {
  if (/\.gif$/i.test(file)) return 'gif';
  if (/\.a?png$/i.test(file)) return 'apng';
  return null;
}

/** Encodes rendered frames as an animation and writes it atomically. */
export async function writeAnimation(
  file: string,
  frames: RenderedImage[],
  options: { format: AnimationFormat; fps: number; loop: boolean; text?: Record<string, string> },
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const bytes =
    options.format === 'gif'
      ? encodeGif(frames, { fps: options.fps, loop: options.loop })
      : encodeApng(frames, { fps: options.fps, loop: options.loop, text: options.text });
  await writeFileAtomic(file, bytes);
}
