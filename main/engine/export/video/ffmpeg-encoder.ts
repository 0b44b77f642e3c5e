import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { StudioError } from '../../../contract/channels';
import { findFfmpeg, noEncoder } from './find-ffmpeg';

export type VideoFormat = 'mp4' | 'webm';

/** Default quality (CRF: lower is better and larger). x264's 0–51 scale; VP9's 0–63. */
export const DEFAULT_CRF: Record<VideoFormat, number> = { mp4: 20, webm: 32 };

export interface VideoOptions {
  format: VideoFormat;
  width: number;
  height: number;
  fps: number;
  crf?: number | undefined;
}

/**
 * ffmpeg arguments: raw RGBA frames on stdin → H.264 (MP4) or VP9 (WebM) in yuv420p, the pixel
 * format every player decodes. yuv420p needs even sizes, so odd sizes are padded by one pixel
 * (black) on the right/bottom; the caller reports the padded size.
 */
export function ffmpegArgs(options: VideoOptions, output: string): string[] {
  const crf = options.crf ?? DEFAULT_CRF[options.format];
  const max = options.format === 'mp4' ? 51 : 63;
  if (crf < 0 || crf > max)
    throw new StudioError(
      'BAD_REQUEST',
      `Quality (CRF) for ${options.format} must be 0–${max}, not ${crf}.`,
    );
  const input = [
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgba',
    '-s',
    `${options.width}x${options.height}`,
    '-r',
    String(options.fps),
    '-i',
    'pipe:0',
  ];
  const codec =
    options.format === 'mp4'
      ? [
          '-c:v',
          'libx264',
          '-preset',
          'medium',
          '-crf',
          String(crf),
          '-movflags',
          '+faststart',
          '-f',
          'mp4',
        ]
      : [
          '-c:v',
          'libvpx-vp9',
          '-crf',
          String(crf),
          '-b:v',
          '0',
          '-deadline',
          'good',
          '-cpu-used',
          '4',
          '-row-mt',
          '1',
          '-f',
          'webm',
        ];
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-y',
    ...input,
    '-an',
    '-vf',
    'pad=ceil(iw/2)*2:ceil(ih/2)*2',
    '-pix_fmt',
    'yuv420p',
    '-threads',
    '2',
    ...codec,
    output,
  ];
}

export function evenSize(n: number): number {
  return n % 2 === 0 ? n : n + 1;
}

/**
 * One ffmpeg process fed frame by frame. `write` resolves when ffmpeg has taken the frame into its
 * pipe (it waits for 'drain' when the pipe is full), so at most one frame per pipe buffer is held
 * here: memory stays bounded however long the video. `abort` kills ffmpeg.
 */
export class FfmpegEncoder {
  private readonly child: ChildProcessByStdio<Writable, null, Readable>;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stderr = '';
  private failure: Error | null = null;

  constructor(
    private readonly options: VideoOptions,
    output: string,
  ) {
    const binary = findFfmpeg();
    this.child = spawn(binary, ffmpegArgs(options, output), {
      stdio: ['pipe', 'ignore', 'pipe'],
      windowsHide: true,
    });
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    // EPIPE when ffmpeg dies early: the exit code tells the story, so do not crash on it.
    this.child.stdin.on('error', (err) => (this.failure ??= err));
    this.exited = new Promise((resolve) => {
      this.child.on('error', (err) => {
        this.failure = noEncoder(`ffmpeg could not start (${err.message})`);
        resolve({ code: null, signal: null });
      });
      this.child.on('close', (code, signal) => resolve({ code, signal }));
    });
  }

  async write(rgba: Uint8Array): Promise<void> {
    const expected = this.options.width * this.options.height * 4;
    if (rgba.length !== expected)
      throw new Error(`A video frame has ${rgba.length} bytes, expected ${expected}`);
    if (this.failure) throw await this.failed();
    if (this.child.stdin.write(rgba)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.child.stdin.off('drain', done);
        this.child.off('close', done);
        resolve();
      };
      this.child.stdin.once('drain', done);
      this.child.once('close', done);
    });
    if (this.failure || this.child.exitCode !== null) throw await this.failed();
  }

  /** Closes stdin and waits for ffmpeg to finish the file. */
  async finish(): Promise<void> {
    this.child.stdin.end();
    const { code, signal } = await this.exited;
    if (code !== 0 || this.failure) throw await this.failed(code, signal);
  }

  abort(): void {
    this.child.stdin.destroy();
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  private async failed(code?: number | null, signal?: NodeJS.Signals | null): Promise<StudioError> {
    const exit = code === undefined ? await this.exited : { code, signal };
    if (this.failure instanceof StudioError) return this.failure;
    const detail =
      this.stderr.trim().split('\n').slice(-3).join(' ') || this.failure?.message || 'no message';
    return noEncoder(`ffmpeg failed (exit ${exit.code ?? exit.signal ?? '?'}): ${detail}`);
  }
}
