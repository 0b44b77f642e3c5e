import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/contract/dispatch';
import type { Project } from '../../main/contract/project-schemas';
import { createStudio } from '../../main/engine/studio';
import { base64ToFloat32 } from '../../main/engine/latent/base64';
import { probeVideo } from '../support/probe-video';
import { json, runCli } from '../support/run-cli';
import { REPO_ROOT } from '../support/temp-studio';

let dir: string;
const data = () => join(dir, 'data');
const PAIR = join(REPO_ROOT, 'test', 'fixtures', 'vae-pair');
const VAE = 'bundled-fashion-mnist-vae';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latent-media-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('latent-studio animate', () => {
  it('renders seeds through a keyframe path to an MP4 that ffmpeg reads with the right frames and size', async () => {
    const out = join(dir, 'walk.mp4');
    const result = json(
      await runCli(
        [
          'animate',
          '--model',
          VAE,
          '--keyframes',
          '1,2,3',
          '--durations',
          '0.5',
          '--fps',
          '10',
          '--scale',
          '2',
          '--out',
          out,
          '--json',
        ],
        data(),
      ),
    );
    expect(result).toMatchObject({ file: out, frames: 11, width: 64, height: 64 });
    expect(await probeVideo(out)).toEqual({ codec: 'h264', width: 64, height: 64, frames: 11 });
  });

  it('takes keyframes and segments from a JSON file, loops, and writes WebM', async () => {
    const file = join(dir, 'keys.json');
    await writeFile(
      file,
      JSON.stringify({
        keyframes: [4, { kind: 'seed', seed: 5, truncation: 0.7 }],
        segments: [
          { duration: 0.4, easing: 'cubic', interpolation: 'slerp' },
          { duration: 0.6, easing: 'cubic', interpolation: 'slerp' },
        ],
      }),
    );
    const out = join(dir, 'loop.webm');
    json(
      await runCli(
        [
          'animate',
          '--model',
          VAE,
          '--keyframes',
          file,
          '--loop',
          '--fps',
          '12',
          '--out',
          out,
          '--json',
        ],
        data(),
      ),
    );
    expect(await probeVideo(out)).toEqual({ codec: 'vp9', width: 32, height: 32, frames: 12 });
    const again = await runCli(
      ['animate', '--model', VAE, '--keyframes', file, '--loop', '--out', out],
      data(),
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists; it was not replaced/);
  });

  it('refuses a bad easing in words', async () => {
    const r = await runCli(
      [
        'animate',
        '--model',
        VAE,
        '--keyframes',
        '1,2',
        '--easing',
        'bouncy',
        '--out',
        join(dir, 'x.gif'),
      ],
      data(),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /--easing must be one of linear, ease-in, ease-out, ease-in-out, cubic/,
    );
  });
});

describe('latent-studio encode, project-image, directions', () => {
  it('encode prints the VAE latent of an image', async () => {
    const r = json<{ z: string; source: { sha256: string } }>(
      await runCli(
        ['encode', '--model', join(PAIR, 'tiny-vae.onnx'), join(PAIR, 'blob.png'), '--json'],
        data(),
      ),
    );
    expect(base64ToFloat32(r.z)).toHaveLength(4);
    expect(r.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('project-image prints z and the distance reached, and saves the result', async () => {
    const out = join(dir, 'projected.png');
    const r = json<{ z: string; distance: number; steps: number; file: string }>(
      await runCli(
        [
          'project-image',
          '--model',
          join(PAIR, 'tiny-vae.onnx'),
          join(PAIR, 'blob.png'),
          '--steps',
          '6',
          '--out',
          out,
          '--json',
        ],
        data(),
      ),
    );
    expect(base64ToFloat32(r.z)).toHaveLength(4);
    expect(r.steps).toBe(6);
    expect(r.distance).toBeGreaterThan(0);
    expect(r.distance).toBeLessThan(0.2);
    expect(r.file).toBe(out);
  });

  it('directions writes K named-by-index PCA directions to a JSON file', async () => {
    const out = join(dir, 'dirs.json');
    const r = json<{ count: number; features: string }>(
      await runCli(
        ['directions', '--model', VAE, '--count', '3', '--samples', '48', '--out', out, '--json'],
        data(),
      ),
    );
    expect(r.count).toBe(3);
    const doc = JSON.parse(await readFile(out, 'utf8')) as {
      directions: { vector: string }[];
      model: { sha256: string };
    };
    expect(doc.directions).toHaveLength(3);
    expect(doc.model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(base64ToFloat32(doc.directions[0]!.vector)).toHaveLength(64);
  });
});

describe('latent-studio project info and render-project', () => {
  async function makeProject(modelId: string, path: string): Promise<string> {
    const studio = await createStudio({
      dataDir: data(),
      assetsDir: join(REPO_ROOT, 'assets'),
      shell: 'cli',
    });
    try {
      const call = async (channel: string, request: unknown) => {
        const r = await dispatch(studio.handlers, channel, request);
        if (!r.ok) throw new Error(r.error.message);
        return r.value as Record<string, unknown>;
      };
      const { project } = (await call('project.create', { modelId, name: 'Film' })) as {
        project: Project;
      };
      const full: Project = {
        ...project,
        images: [1, 2, 3].map((seed) => ({
          id: `s${seed}`,
          latent: { kind: 'seed', seed },
          lineage: { op: 'seed', seed },
        })),
        strips: [
          {
            id: 'st',
            name: 'First strip',
            waypoints: ['s1', 's2'],
            frames: 4,
            method: 'slerp',
            loop: false,
          },
        ],
        paths: [
          {
            id: 'p',
            name: 'Loop',
            keyframes: ['s1', 's2', 's3'],
            segments: [1, 1, 1].map(() => ({
              duration: 0.5,
              easing: 'cubic' as const,
              interpolation: 'slerp' as const,
            })),
            loop: true,
            fps: 8,
            video: { format: 'webm', scale: 2, filter: 'nearest' },
          },
        ],
      };
      return (await call('project.save', { project: full, path })).path as string;
    } finally {
      await studio.dispose();
    }
  }

  it('info summarises the project; render-project renders its strip and path', async () => {
    const path = await makeProject(VAE, join(dir, 'film'));
    const info = json<{ name: string; model: { status: string }; counts: Record<string, number> }>(
      await runCli(['project', 'info', path, '--json'], data()),
    );
    expect(info).toMatchObject({
      name: 'Film',
      model: { status: 'found' },
      counts: { images: 3, strips: 1, paths: 1 },
    });
    const out = join(dir, 'rendered');
    const r = json<{ written: { kind: string; files: string[] }[] }>(
      await runCli(['render-project', path, '--out', out, '--json'], data()),
    );
    expect(r.written.map((w) => [w.kind, w.files.length])).toEqual([
      ['strip', 4],
      ['path', 1],
    ]);
    expect(await probeVideo(r.written[1]!.files[0]!)).toEqual({
      codec: 'vp9',
      width: 64,
      height: 64,
      frames: 12,
    });
  });

  it('a project whose model is missing names it, and --model rebinds it', async () => {
    const modelDir = join(dir, 'models');
    await mkdir(modelDir, { recursive: true });
    const model = join(modelDir, 'tiny-vae.onnx');
    await copyFile(join(PAIR, 'tiny-vae.onnx'), model);
    const path = await makeProject(model, join(dir, 'lost'));
    await rm(model);
    const info = json<{ model: { status: string; message: string } }>(
      await runCli(['project', 'info', path, '--json'], data()),
    );
    expect(info.model.status).toBe('missing');
    expect(info.model.message).toMatch(/"tiny-vae" \(SHA-256 [0-9a-f]{12}…\)/);
    const failed = await runCli(['render-project', path, '--out', join(dir, 'r2')], data());
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/pass --model PATH/);
    const ok = json<{ written: unknown[] }>(
      await runCli(
        [
          'render-project',
          path,
          '--out',
          join(dir, 'r2'),
          '--model',
          join(PAIR, 'tiny-vae.onnx'),
          '--json',
        ],
        data(),
      ),
    );
    expect(ok.written).toHaveLength(2);
  });
});
