import { spawn } from 'node:child_process';
import { findFfmpeg } from '../../main/engine/export/video/find-ffmpeg';

export interface ProbedVideo {
  codec: string;
  width: number;
  height: number;
  frames: number;
}

/**
 * What a video file holds, read by decoding it with the bundled ffmpeg (the npm package ships no
 * ffprobe): `ffmpeg -i FILE -f null -` prints the stream line (codec, size) and the final frame
 * count. Every frame is decoded, so the count is the real one, not a header's claim.
 */
export function probeVideo(file: string): Promise<ProbedVideo> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      findFfmpeg(),
      ['-hide_banner', '-nostdin', '-i', file, '-map', '0:v:0', '-f', 'null', '-'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ffmpeg could not read ${file}: ${err.slice(-500)}`));
      const stream = /Stream #0:0[^\n]*Video: (\w+)[^\n]*?, (\d+)x(\d+)/.exec(err);
      const frames = [...err.matchAll(/frame=\s*(\d+)/g)].at(-1);
      if (!stream || !frames)
        return reject(new Error(`Unexpected ffmpeg output: ${err.slice(-500)}`));
      resolve({
        codec: stream[1]!,
        width: Number(stream[2]),
        height: Number(stream[3]),
        frames: Number(frames[1]),
      });
    });
  });
}
