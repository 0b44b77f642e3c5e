import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePngRgba } from '../../main/engine/image/png';
import { json, runCli } from '../support/run-cli';
import { fixtureModel } from '../support/temp-studio';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latent-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const data = () => join(dir, 'data');

describe('latent-studio inspect', () => {
  it.each([
    [
      'dcgan.onnx',
      {
        latentShape: [-1, 100, 1, 1],
        latentDim: 100,
        batch: 'dynamic',
        layout: 'NCHW',
        channels: 3,
        width: 32,
        height: 32,
        range: [-1, 1],
      },
    ],
    [
      'flat-nhwc-sigmoid.onnx',
      { latentDim: 64, layout: 'NHWC', channels: 3, width: 16, height: 16, range: [0, 1] },
    ],
    ['gray.onnx', { latentDim: 32, layout: 'NCHW', channels: 1, width: 28, height: 28 }],
    ['fixed-batch.onnx', { batch: 1, latentDim: 16 }],
    ['flat784.onnx', { layout: 'flat', channels: 1, width: 28, height: 28 }],
  ])('reports the properties of %s', async (file, expected) => {
    expect(json(await runCli(['inspect', fixtureModel(file), '--json'], data()))).toMatchObject(
      expected,
    );
  });

  it.each([
    ['image-input.onnx', /image input/],
    ['two-inputs.onnx', /input/],
    ['classifier.onnx', /not an image|image output/],
    ['truncated.onnx', /truncated|damaged/],
    ['not-onnx.onnx', /not an ONNX/i],
  ])('refuses %s in words on stderr with exit 1', async (file, reason) => {
    const result = await runCli(['inspect', fixtureModel(file), '--json'], data());
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(file);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('latent-studio sample, info, interpolate, import, models', () => {
  it('samples seeds S+i into PNGs whose metadata restores the latent', async () => {
    const out = join(dir, 'samples');
    const result = json<{ files: string[]; seeds: number[] }>(
      await runCli(
        [
          'sample',
          '--model',
          fixtureModel('dcgan.onnx'),
          '--seed',
          '41',
          '--count',
          '3',
          '--truncation',
          '0.8',
          '--out',
          out,
          '--json',
        ],
        data(),
      ),
    );
    expect(result.seeds).toEqual([41, 42, 43]);
    expect(result.files).toHaveLength(3);
    const info = json<{
      seed: number;
      truncation: number;
      latentDim: number;
      z: string;
      modelSha256: string;
    }>(await runCli(['info', result.files[1]!, '--json'], data()));
    expect(info).toMatchObject({ seed: 42, truncation: 0.8, latentDim: 100 });
    expect(Buffer.from(info.z, 'base64').byteLength).toBe(400);
    expect(info.modelSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives identical pixels for the same seed on every run', async () => {
    const a = json<{ files: string[] }>(
      await runCli(
        [
          'sample',
          '--model',
          fixtureModel('gray.onnx'),
          '--seed',
          '9',
          '--count',
          '1',
          '--out',
          join(dir, 'a'),
          '--json',
        ],
        data(),
      ),
    );
    const b = json<{ files: string[] }>(
      await runCli(
        [
          'sample',
          '--model',
          fixtureModel('gray.onnx'),
          '--seed',
          '9',
          '--count',
          '1',
          '--out',
          join(dir, 'b'),
          '--json',
        ],
        data(),
      ),
    );
    const pa = decodePngRgba(new Uint8Array(await readFile(a.files[0]!)));
    const pb = decodePngRgba(new Uint8Array(await readFile(b.files[0]!)));
    expect(pa.width).toBe(28);
    expect(Buffer.from(pa.rgba).equals(Buffer.from(pb.rgba))).toBe(true);
  });

  it('interpolates from a seed to an exported PNG as a GIF, an APNG and a folder of frames', async () => {
    const samples = json<{ files: string[] }>(
      await runCli(
        [
          'sample',
          '--model',
          fixtureModel('flat-nhwc-sigmoid.onnx'),
          '--seed',
          '3',
          '--count',
          '1',
          '--out',
          join(dir, 'ends'),
          '--json',
        ],
        data(),
      ),
    );
    const base = [
      'interpolate',
      '--model',
      fixtureModel('flat-nhwc-sigmoid.onnx'),
      '--from',
      '1',
      '--to',
      samples.files[0]!,
      '--frames',
      '6',
    ];
    const gif = json<{ file: string }>(
      await runCli([...base, '--out', join(dir, 'walk.gif'), '--json'], data()),
    );
    expect((await readFile(gif.file)).subarray(0, 6).toString()).toBe('GIF89a');
    const apng = json<{ file: string }>(
      await runCli([...base, '--method', 'lerp', '--out', join(dir, 'walk.png'), '--json'], data()),
    );
    expect((await readFile(apng.file)).includes(Buffer.from('acTL'))).toBe(true);
    const frames = json<{ files: string[] }>(
      await runCli([...base, '--out', join(dir, 'frames'), '--json'], data()),
    );
    expect(frames.files).toHaveLength(6);
    // The last frame is the PNG we started from: same latent, same pixels.
    const last = decodePngRgba(new Uint8Array(await readFile(frames.files[5]!)));
    const end = decodePngRgba(new Uint8Array(await readFile(samples.files[0]!)));
    expect(Buffer.from(last.rgba).equals(Buffer.from(end.rgba))).toBe(true);
  });

  it('imports a model with its SHA-256 and lists it beside the bundled default', async () => {
    const imported = json<{ id: string; sha256: string; source: string; name: string }>(
      await runCli(['import', fixtureModel('gray.onnx'), '--name', 'Gray test', '--json'], data()),
    );
    expect(imported).toMatchObject({ source: 'imported', name: 'Gray test' });
    expect(imported.id).toBe(imported.sha256.slice(0, 12));
    const { models } = json<{ models: { id: string; source: string }[] }>(
      await runCli(['models', '--json'], data()),
    );
    expect(models.map((m) => m.source)).toContain('bundled');
    expect(models.map((m) => m.id)).toContain(imported.id);
    const bad = await runCli(['import', fixtureModel('classifier.onnx'), '--json'], data());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('classifier.onnx');
  });

  it('explains usage errors without a stack trace', async () => {
    const result = await runCli(['sample', '--seed', 'x'], data());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/needs --model/);
  });
});
