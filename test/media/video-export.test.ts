import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers, Req, Res } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import type { PathSegment } from '../../main/contract/keyframe-path';
import { decodePngRgba } from '../../main/engine/image/png';
import { readPngMetadata } from '../../main/engine/image/png-metadata';
import { probeVideo } from '../support/probe-video';
import { openTempStudio } from '../support/temp-studio';

type Temp = Awaited<ReturnType<typeof openTempStudio>>;
let temp: Temp;
const MODEL = 'bundled-fashion-mnist-vae'; // 32×32 greyscale

async function call<C extends keyof Handlers>(channel: C, request: Req<C>): Promise<Res<C>> {
  const result = await dispatch(temp.studio.handlers, channel, request);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as Res<C>;
}
async function callError(channel: string, request: unknown): Promise<string> {
  const result = await dispatch(temp.studio.handlers, channel, request);
  if (result.ok) throw new Error(`${channel} should have failed`);
  return `${result.error.code}: ${result.error.message}`;
}

const seeds = (...s: number[]) => s.map((seed) => ({ kind: 'seed' as const, seed }));
const segments = (
  n: number,
  duration: number,
  easing: PathSegment['easing'] = 'cubic',
): PathSegment[] =>
  Array.from({ length: n }, () => ({ duration, easing, interpolation: 'slerp' as const }));

beforeAll(async () => {
  temp = await openTempStudio();
});
afterAll(async () => temp.close());

describe('video export through ffmpeg', () => {
  it('an open keyframe path becomes an H.264 MP4 with the right frame count and upscaled size', async () => {
    const file = join(temp.dataDir, 'out', 'walk.mp4');
    const result = await call('export.video', {
      modelId: MODEL,
      keyframes: seeds(1, 2, 3),
      segments: [
        { duration: 1, easing: 'ease-in-out', interpolation: 'slerp' },
        { duration: 1, easing: 'linear', interpolation: 'lerp' },
      ],
      loop: false,
      fps: 12,
      format: 'mp4',
      scale: 2,
      filter: 'lanczos',
      file,
    });
    expect(result).toEqual({ file, frames: 25, width: 64, height: 64 });
    expect(await probeVideo(file)).toEqual({ codec: 'h264', width: 64, height: 64, frames: 25 });
    // No temp file is left beside it.
    expect(await readdir(join(temp.dataDir, 'out'))).toEqual(['walk.mp4']);
  });

  it('a seamless loop becomes a VP9 WebM without the repeated first frame', async () => {
    const file = join(temp.dataDir, 'out', 'loop.webm');
    const result = await call('export.video', {
      modelId: MODEL,
      keyframes: seeds(4, 5, 6),
      segments: segments(3, 0.5),
      loop: true,
      fps: 10,
      format: 'webm',
      crf: 40,
      file,
    });
    expect(result.frames).toBe(15);
    expect(await probeVideo(file)).toEqual({ codec: 'vp9', width: 32, height: 32, frames: 15 });
  });

  it('GIF and APNG take the same size, fps and loop options', async () => {
    const gif = join(temp.dataDir, 'out', 'loop.gif');
    await call('export.video', {
      modelId: MODEL,
      keyframes: seeds(1, 2),
      segments: segments(2, 0.5),
      loop: true,
      fps: 8,
      format: 'gif',
      scale: 3,
      filter: 'nearest',
      file: gif,
    });
    const bytes = await readFile(gif);
    expect(bytes.subarray(0, 6).toString()).toBe('GIF89a');
    expect([bytes.readUInt16LE(6), bytes.readUInt16LE(8)]).toEqual([96, 96]);
    const apng = join(temp.dataDir, 'out', 'walk.png');
    await call('export.video', {
      modelId: MODEL,
      keyframes: seeds(1, 2),
      segments: segments(1, 0.5),
      loop: false,
      fps: 8,
      format: 'apng',
      scale: 2,
      file: apng,
    });
    const first = decodePngRgba(new Uint8Array(await readFile(apng)));
    expect([first.width, first.height]).toEqual([64, 64]);
    expect(readPngMetadata(new Uint8Array(await readFile(apng)))?.latentDim).toBe(64);
  });

  it('refuses a GIF that would not fit in memory, before rendering anything', async () => {
    const message = await callError('export.video', {
      modelId: MODEL,
      keyframes: seeds(1, 2),
      segments: segments(1, 120),
      loop: false,
      fps: 60,
      format: 'gif',
      scale: 8,
      file: join(temp.dataDir, 'out', 'huge.gif'),
    });
    expect(message).toMatch(
      /A GIF\/APNG would hold 7201 frames of 256×256 .* or MP4\/WebM, which stream/,
    );
  });

  it('never overwrites without overwrite: true, and checks the extension', async () => {
    const file = join(temp.dataDir, 'out', 'keep.mp4');
    await writeFile(file, 'precious');
    const request = {
      modelId: MODEL,
      keyframes: seeds(1, 2),
      segments: segments(1, 0.2),
      loop: false,
      fps: 10,
      format: 'mp4',
      file,
    };
    expect(await callError('export.video', request)).toMatch(
      /keep\.mp4" already exists; it was not replaced/,
    );
    expect(await readFile(file, 'utf8')).toBe('precious');
    await call('export.video', {
      ...request,
      format: 'mp4',
      overwrite: true,
    });
    expect((await probeVideo(file)).frames).toBe(3);
    expect(
      await callError('export.video', { ...request, file: join(temp.dataDir, 'x.webm') }),
    ).toMatch(/does not end in \.mp4/);
  });

  it('cancel kills ffmpeg and removes the partial file', async () => {
    const dir = join(temp.dataDir, 'cancel');
    const file = join(dir, 'long.mp4');
    const stop = temp.studio.onEvent((event, payload) => {
      const p = payload as { jobId?: string; done?: number };
      if (event === 'job.progress' && p.jobId === 'video-1' && (p.done ?? 0) >= 16)
        void call('job.cancel', { jobId: 'video-1' });
    });
    const message = await callError('export.video', {
      modelId: MODEL,
      keyframes: seeds(1, 2, 3, 4),
      segments: segments(3, 20),
      loop: false,
      fps: 30,
      format: 'mp4',
      file,
      jobId: 'video-1',
    });
    stop();
    expect(message).toMatch(/CANCELLED: .*partial video was removed/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('says "No video encoder" in words when ffmpeg is missing', async () => {
    const saved = process.env.LATENT_STUDIO_FFMPEG;
    process.env.LATENT_STUDIO_FFMPEG = join(temp.dataDir, 'no-such-ffmpeg');
    try {
      const message = await callError('export.video', {
        modelId: MODEL,
        keyframes: seeds(1, 2),
        segments: segments(1, 0.2),
        loop: false,
        fps: 10,
        format: 'webm',
        file: join(temp.dataDir, 'out', 'none.webm'),
      });
      expect(message).toMatch(
        /No video encoder: ffmpeg was not found .*GIF, APNG and PNG frames still work/,
      );
    } finally {
      if (saved === undefined) delete process.env.LATENT_STUDIO_FFMPEG;
      else process.env.LATENT_STUDIO_FFMPEG = saved;
    }
  });
});

describe('sprite sheets and PNG batches', () => {
  it('a sprite sheet is a grid PNG with a JSON atlas of rectangles and latents', async () => {
    const file = join(temp.dataDir, 'sheets', 'sheet.png');
    const result = await call('export.spriteSheet', {
      modelId: MODEL,
      latents: seeds(1, 2, 3, 4, 5),
      columns: 3,
      scale: 2,
      file,
    });
    expect(result).toMatchObject({
      columns: 3,
      rows: 2,
      atlas: join(temp.dataDir, 'sheets', 'sheet.json'),
    });
    const png = decodePngRgba(new Uint8Array(await readFile(file)));
    expect([png.width, png.height]).toEqual([192, 128]);
    const atlas = JSON.parse(await readFile(result.atlas, 'utf8')) as {
      frames: { x: number; y: number; z: string }[];
    };
    expect(atlas.frames).toHaveLength(5);
    expect(atlas.frames[4]).toMatchObject({ x: 64, y: 64 });
    // The last cell is empty (transparent); the first holds pixels.
    expect(png.rgba[(70 * 192 + 150) * 4 + 3]).toBe(0);
    expect(png.rgba[3]).toBe(255);
  });

  it('a PNG batch follows the naming template, is upscaled, keeps each latent, and never overwrites silently', async () => {
    const dir = join(temp.dataDir, 'batch');
    const items = [
      { latent: { kind: 'seed' as const, seed: 7 } },
      {
        latent: {
          kind: 'mix' as const,
          method: 'slerp' as const,
          a: seeds(1)[0]!,
          b: seeds(2)[0]!,
          t: 0.5,
        },
      },
    ];
    const { files } = await call('export.batch', {
      modelId: MODEL,
      items,
      dir,
      scale: 4,
      filter: 'nearest',
    });
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'Fashion-MNIST-VAE-trained-by-Latent-Studio_7_0001.png',
      'Fashion-MNIST-VAE-trained-by-Latent-Studio_z_0002.png',
    ]);
    const bytes = new Uint8Array(await readFile(files[0]!));
    expect(decodePngRgba(bytes).width).toBe(128);
    expect(readPngMetadata(bytes)?.seed).toBe(7);
    // The blended image's PNG carries its recipe and, when given, its lineage.
    const dir2 = join(temp.dataDir, 'batch-lineage');
    const lineage = {
      op: 'mix' as const,
      parents: ['a', 'b'] as [string, string],
      t: 0.5,
      method: 'slerp' as const,
    };
    const [mixed] = (
      await call('export.batch', { modelId: MODEL, items: [{ ...items[1]!, lineage }], dir: dir2 })
    ).files;
    const meta = readPngMetadata(new Uint8Array(await readFile(mixed!)));
    expect(meta?.recipe).toEqual(items[1]!.latent);
    expect(meta?.lineage).toEqual(lineage);
    expect(await callError('export.batch', { modelId: MODEL, items, dir })).toMatch(
      /_7_0001\.png" already exists/,
    );
    expect(
      await callError('export.batch', { modelId: MODEL, items, dir, template: '{model}_{colour}' }),
    ).toMatch(/unknown field \{colour\}/);
  });
});
