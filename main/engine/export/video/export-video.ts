import { randomBytes } from 'node:crypto';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { StudioError, type ModelInfo, type Sampling } from '../../../contract/channels';
import { metadataText } from '../../image/png-metadata';
import type { Generator } from '../../models/generator';
import type { InferenceScheduler } from '../../render/inference-scheduler';
import type { JobHandle } from '../../render/jobs';
import { renderBatch } from '../../render/render-latents';
import { writeFileAtomic } from '../../io/atomic-write';
import { encodeAnimation } from '../export-animation';
import { pngMetadataFor } from '../export-images';
import { resizeFrame, type OutputSize } from '../resize-frames';
import { evenSize, FfmpegEncoder, type VideoFormat } from './ffmpeg-encoder';
import type { RgbaImage } from '../../image/png';

export type MovieFormat = VideoFormat | 'gif' | 'apng';

const EXTENSIONS: Record<MovieFormat, RegExp> = {
  mp4: /\.mp4$/i,
  webm: /\.webm$/i,
  gif: /\.gif$/i,
  apng: /\.a?png$/i,
};
/** Frames rendered per scheduler task: a live frame waits at most one chunk. */
const CHUNK = 8;
/** GIF/APNG encoders take every frame at once: refuse what would not fit in memory. */
export const MAX_ANIMATION_BYTES = 1024 ** 3;

/** Words when `frames` RGBA frames of width×height would be more than `limit` bytes held at once. */
export function tooLargeInMemory(
  frames: number,
  width: number,
  height: number,
  limit: number,
  what: string,
): string | null {
  const bytes = frames * width * height * 4;
  if (bytes <= limit) return null;
  return `${what} would hold ${frames} frames of ${width}×${height} (${Math.round(bytes / 1024 ** 2)} MB) in memory, more than ${Math.round(limit / 1024 ** 2)} MB; use fewer frames or a smaller size${what.startsWith('A GIF') ? ', or MP4/WebM, which stream' : ''}.`;
}

export function defaultExtension(format: MovieFormat): string {
  return format === 'apng' ? 'png' : format;
}

/** Refuses a file whose extension does not fit the format, or one that exists without `overwrite`. */
export async function checkTarget(
  file: string,
  format: MovieFormat,
  overwrite: boolean,
): Promise<void> {
  if (!EXTENSIONS[format].test(file))
    throw new StudioError(
      'BAD_REQUEST',
      `"${basename(file)}" does not end in .${defaultExtension(format)} for a ${format.toUpperCase()} export.`,
    );
  await refuseExisting(file, overwrite);
}

export async function refuseExisting(file: string, overwrite: boolean): Promise<void> {
  if (overwrite) return;
  const exists = await stat(file).then(
    () => true,
    () => false,
  );
  if (exists)
    throw new StudioError(
      'BAD_REQUEST',
      `"${file}" already exists; it was not replaced. Choose another name, or confirm to replace it.`,
    );
}

export interface MovieRequest {
  generator: Generator;
  model: ModelInfo;
  scheduler: InferenceScheduler;
  job: JobHandle;
  latents: Float32Array[];
  format: MovieFormat;
  fps: number;
  loop: boolean;
  size: OutputSize;
  crf?: number | undefined;
  file: string;
  /** Diffusion models: the sampling every frame is rendered with (recorded in an APNG). */
  sampling?: Sampling | undefined;
}

/** Renders the latents chunk by chunk, upscaled, handing each frame to `sink` in order. */
async function renderFrames(
  request: MovieRequest,
  sink: (frame: RgbaImage) => Promise<void>,
): Promise<void> {
  const { latents, job } = request;
  const label = `Rendering ${request.format.toUpperCase()}`;
  job.progress(0, latents.length, label);
  for (let start = 0; start < latents.length; start += CHUNK) {
    job.throwIfCancelled();
    const chunk = await renderBatch(
      request.generator,
      request.scheduler,
      latents.slice(start, start + CHUNK),
      { chunkSize: CHUNK, sampling: request.sampling },
    );
    for (const image of chunk) await sink(await resizeFrame(image, request.size));
    job.progress(Math.min(latents.length, start + CHUNK), latents.length, label);
  }
}

/**
 * Writes a video (ffmpeg) or animation (own encoders). Videos stream to a hidden temp file beside
 * the target, renamed over it only when ffmpeg finished cleanly; a cancel or failure kills ffmpeg
 * and deletes the temp file, so no half-written video is ever left under the user's name.
 */
export async function writeMovie(
  request: MovieRequest,
): Promise<{ width: number; height: number }> {
  const { generator, size, format, file } = request;
  const width = generator.props.width * size.scale;
  const height = generator.props.height * size.scale;
  await mkdir(dirname(file), { recursive: true });
  if (format === 'gif' || format === 'apng') {
    const problem = tooLargeInMemory(
      request.latents.length,
      width,
      height,
      MAX_ANIMATION_BYTES,
      'A GIF/APNG',
    );
    if (problem) throw new StudioError('BAD_REQUEST', problem);
    const frames: RgbaImage[] = [];
    await renderFrames(request, async (f) => void frames.push(f));
    const first = { z: request.latents[0]!, seed: null, truncation: null };
    const text = metadataText(pngMetadataFor(request.model, first, request.sampling));
    await writeFileAtomic(
      file,
      encodeAnimation(frames, { format, fps: request.fps, loop: request.loop, text }),
    );
    return { width, height };
  }
  const temp = join(
    dirname(file),
    `.${basename(file, extname(file))}.${randomBytes(4).toString('hex')}.partial${extname(file)}`,
  );
  const encoder = new FfmpegEncoder(
    { format, width, height, fps: request.fps, crf: request.crf },
    temp,
  );
  const kill = () => encoder.abort();
  request.job.signal.addEventListener('abort', kill);
  try {
    await renderFrames(request, (frame) => encoder.write(frame.rgba));
    request.job.throwIfCancelled();
    await encoder.finish();
    await rename(temp, file);
  } catch (err) {
    encoder.abort();
    await unlink(temp).catch(() => undefined);
    // A kill during a write surfaces as an ffmpeg failure: report what the user did instead.
    if (request.job.signal.aborted)
      throw new StudioError('CANCELLED', 'Cancelled; the partial video was removed.');
    throw err;
  } finally {
    request.job.signal.removeEventListener('abort', kill);
  }
  return { width: evenSize(width), height: evenSize(height) };
}
