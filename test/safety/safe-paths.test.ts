import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { forTerminal } from '../../main/cli/output';
import { infoCommand } from '../../main/cli/commands/sample-commands';
import { dispatch, type DispatchResult } from '../../main/contract/dispatch';
import { scanFolder } from '../../main/engine/dataset/scan-folder';
import { encodePng } from '../../main/engine/image/png';
import { metadataText, readPngMetadata } from '../../main/engine/image/png-metadata';
import { float32ToBase64 } from '../../main/engine/latent/base64';
import { fixtureModel, openTempStudio } from '../support/temp-studio';

let browser: Awaited<ReturnType<typeof openTempStudio>>;
let work: string;
const dcgan = fixtureModel('dcgan.onnx');
const strip = {
  modelId: dcgan,
  waypoints: [
    { kind: 'seed', seed: 1 },
    { kind: 'seed', seed: 2 },
  ],
  frames: 2,
  method: 'lerp',
  format: 'gif',
};

beforeAll(async () => {
  browser = await openTempStudio('browser');
  work = await mkdtemp(join(tmpdir(), 'latent-safe-paths-'));
});
afterAll(async () => {
  await browser.close();
  await rm(work, { recursive: true, force: true });
});

const call = (channel: string, payload: unknown): Promise<DispatchResult> =>
  dispatch(browser.studio.handlers, channel, payload);

describe('the engine never overwrites without saying so', () => {
  it('export.animation refuses an existing file, and replaces it only when asked', async () => {
    const file = join(work, 'loop.gif');
    await writeFile(file, 'my precious file');
    const refused = await call('export.animation', { ...strip, file });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(!refused.ok && refused.error.message).toBe(
      `${file} already exists; nothing was written. Choose another name, or ask to replace it.`,
    );
    expect(await readFile(file, 'utf8')).toBe('my precious file');
    expect(await call('export.animation', { ...strip, file, overwrite: true })).toMatchObject({
      ok: true,
      value: { file },
    });
    expect((await readFile(file)).subarray(0, 3).toString()).toBe('GIF');
  });

  it('exported PNGs get a counter instead of replacing what is there', async () => {
    const dir = join(work, 'pngs');
    await mkdir(dir);
    await writeFile(join(dir, 'keep.png'), 'not an export');
    const res = await call('export.images', {
      modelId: dcgan,
      items: [
        { latent: { kind: 'seed', seed: 1 }, name: 'keep' },
        { latent: { kind: 'seed', seed: 2 }, name: 'keep' },
      ],
      dir,
    });
    expect(res).toMatchObject({
      ok: true,
      value: { files: [join(dir, 'keep-2.png'), join(dir, 'keep-3.png')] },
    });
    expect(await readFile(join(dir, 'keep.png'), 'utf8')).toBe('not an export');
  });

  it('the app shells write only into existing folders the user chose, or the data folder', async () => {
    const nowhere = join(work, 'no', 'such', 'folder');
    const res = await call('export.images', {
      modelId: dcgan,
      items: [{ latent: { kind: 'seed', seed: 1 } }],
      dir: nowhere,
    });
    expect(!res.ok && res.error.message).toMatch(
      /The folder .* does not exist\. Choose an existing folder/,
    );
    expect(await call('export.animation', { ...strip, file: 'relative.gif' })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/not a full path/) as unknown },
    });
    expect(await call('export.animation', { ...strip, file: join(work, 'x.sh') })).toMatchObject({
      ok: false,
      error: { message: '"x.sh" must end in .gif or .png or .apng.' },
    });
    const inData = join(browser.dataDir, 'exports', 'mine', 'deep');
    expect(
      await call('export.images', {
        modelId: dcgan,
        items: [{ latent: { kind: 'seed', seed: 1 } }],
        dir: inData,
      }),
    ).toMatchObject({ ok: true, value: { dir: inData } });
  });
});

describe('media and project writes follow the same rule (data folder or an existing chosen folder)', () => {
  const path = {
    modelId: dcgan,
    keyframes: [
      { kind: 'seed', seed: 1 },
      { kind: 'seed', seed: 2 },
    ],
    segments: [{ duration: 0.25, easing: 'linear', interpolation: 'lerp' }],
    loop: false,
    fps: 8,
  };
  const message = async (channel: string, payload: unknown) => {
    const res = await call(channel, payload);
    expect(res.ok, JSON.stringify(res)).toBe(false);
    return !res.ok && res.error.message;
  };
  const missing = /The folder .* does not exist\. Choose an existing folder/;

  it('export.video, export.spriteSheet and export.batch refuse folders that do not exist, and relative paths', async () => {
    const nowhere = join(work, 'no', 'such');
    expect(
      await message('export.video', { ...path, format: 'gif', file: join(nowhere, 'a.gif') }),
    ).toMatch(missing);
    expect(await message('export.video', { ...path, format: 'gif', file: 'a.gif' })).toMatch(
      /not a full path/,
    );
    const sheet = { modelId: dcgan, latents: [{ kind: 'seed', seed: 1 }] };
    expect(await message('export.spriteSheet', { ...sheet, file: join(nowhere, 's.png') })).toMatch(
      missing,
    );
    const batch = { modelId: dcgan, items: [{ latent: { kind: 'seed', seed: 1 } }] };
    expect(await message('export.batch', { ...batch, dir: nowhere })).toMatch(missing);
    expect(await message('export.batch', { ...batch, dir: 'relative/dir' })).toMatch(
      /not a full path/,
    );
    // Nothing was created on the way.
    await expect(readFile(join(work, 'no'))).rejects.toThrow(/ENOENT/);
    // An existing chosen folder is fine.
    const chosen = join(work, 'chosen');
    await mkdir(chosen);
    expect(await call('export.batch', { ...batch, dir: chosen })).toMatchObject({
      ok: true,
      value: { dir: chosen },
    });
  });

  it('project.save into a folder that does not exist is refused; beside a chosen folder it saves', async () => {
    const created = await call('project.create', { modelId: dcgan, name: 'Safe' });
    if (!created.ok) throw new Error(created.error.message);
    const { project } = created.value as { project: unknown };
    expect(
      await message('project.save', { project, path: join(work, 'gone', 'deeper', 'p') }),
    ).toMatch(missing);
    expect(await message('project.save', { project, path: 'p' })).toMatch(/not a full path/);
    expect(await call('project.save', { project, path: join(work, 'p') })).toMatchObject({
      ok: true,
      value: { path: join(work, 'p.lsproj') },
    });
  });
});

describe('reading what the user points at', () => {
  it('scan does not follow links out of the folder, and names pipes it will not read', async () => {
    const folder = join(work, 'scan');
    await mkdir(join(folder, 'sub'), { recursive: true });
    await sharp({ create: { width: 40, height: 40, channels: 3, background: '#369' } })
      .png()
      .toFile(join(folder, 'a.png'));
    const outside = join(work, 'outside.png');
    await sharp({ create: { width: 40, height: 40, channels: 3, background: '#963' } })
      .png()
      .toFile(outside);
    await symlink('..', join(folder, 'up'));
    await symlink('/', join(folder, 'x'));
    await symlink(outside, join(folder, 'stolen.png'));
    await symlink(join(folder, 'a.png'), join(folder, 'sub', 'same.png')); // inside: followed
    execFileSync('mkfifo', [join(folder, 'pipe.png')]);
    const report = await scanFolder(folder);
    expect(report.files.map((f) => f.file)).toEqual(['a.png', 'sub/same.png']);
    expect(report.rejected).toEqual([
      { file: 'pipe.png', reason: 'not a regular file (a pipe, socket or device): not read' },
      { file: 'stolen.png', reason: 'a link to somewhere outside the chosen folder: not followed' },
      { file: 'up', reason: 'a link to somewhere outside the chosen folder: not followed' },
      { file: 'x', reason: 'a link to somewhere outside the chosen folder: not followed' },
    ]);
  });

  it('info on a FIFO named .png says so at once instead of hanging', async () => {
    const fifo = join(work, 'hang.png');
    execFileSync('mkfifo', [fifo]);
    await expect(infoCommand(fifo, true)).rejects.toThrow(
      /not a regular file \(a pipe, socket or device\)/,
    );
    const model = await call('models.inspect', { path: fifo.replace(/\.png$/, '.onnx') });
    expect(model.ok).toBe(false);
  });

  it('a stored latent with NaN or Infinity is refused, never rendered or written back', async () => {
    const z = Float32Array.from([0.5, Number.NaN, 1]);
    const meta = {
      app: 'Latent Studio',
      appVersion: '0.1.0',
      modelName: 'm',
      modelSha256: 'ab'.repeat(32),
      seed: null,
      truncation: null,
      latentDim: 3,
      z: float32ToBase64(z),
    };
    const png = encodePng({ width: 1, height: 1, rgba: new Uint8Array(4) }, metadataText(meta));
    expect(() => readPngMetadata(png, 'nan.png')).toThrow(
      /"nan.png" has Latent Studio metadata that cannot be used: its latent is not usable \(it holds NaN at value 2 of 3/,
    );
    const inf = float32ToBase64(new Float32Array(100).fill(Number.POSITIVE_INFINITY));
    const frame = await call('render.frame', { modelId: dcgan, latent: { kind: 'z', z: inf } });
    expect(frame).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/holds Infinity/) as unknown },
    });
  });

  it('info prints escape codes from metadata as visible text, never to the terminal raw', async () => {
    const evil = 'Model\x1b]0;owned\x07\x1b[2J\x9b31m\rX';
    const meta = {
      app: 'Latent Studio',
      appVersion: '0.1.0',
      modelName: evil,
      modelSha256: 'ab'.repeat(32),
      seed: 5,
      truncation: null,
      latentDim: 2,
      z: float32ToBase64(Float32Array.from([1, 2])),
    };
    const file = join(work, 'evil.png');
    await writeFile(
      file,
      encodePng({ width: 1, height: 1, rgba: new Uint8Array(4) }, metadataText(meta)),
    );
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await infoCommand(file, false);
      const printed = String(write.mock.calls[0]![0]);
      expect(printed).toContain('Model\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\x0dX');
      for (const raw of ['\x1b', '\x07', '\x9b', '\r']) expect(printed).not.toContain(raw);
      await infoCommand(file, true); // JSON escapes them itself, and keeps the exact name
      expect(JSON.parse(String(write.mock.calls[1]![0]))).toMatchObject({ modelName: evil });
    } finally {
      write.mockRestore();
    }
    expect(forTerminal('a\tb\nc')).toBe('a\tb\nc');
  });
});
