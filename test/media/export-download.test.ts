import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers, Req, Res } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import { decodePngRgba } from '../../main/engine/image/png';
import { readPngMetadata } from '../../main/engine/image/png-metadata';
import { crc32 } from '../../main/engine/io/crc32';
import { zipStore } from '../../main/engine/io/zip-store';
import { pythonUnzip } from '../support/python-unzip';
import { openTempStudio } from '../support/temp-studio';

/**
 * The browser shell's PNG export (issue 12): `export.download` answers with the bytes (one PNG, or
 * a stored ZIP of several) instead of writing on the engine's machine. The ZIP is read back by an
 * independent reader, Python's zipfile (CRC-checked), and by the files it extracts.
 */
type Temp = Awaited<ReturnType<typeof openTempStudio>>;
let temp: Temp;
let scratch = '';
const MODEL = 'bundled-fashion-mnist-vae'; // 32×32 greyscale
const NAME = 'Fashion-MNIST-VAE-trained-by-Latent-Studio';

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

beforeAll(async () => {
  temp = await openTempStudio();
  scratch = await mkdtemp(join(tmpdir(), 'latent-download-'));
});
afterAll(async () => {
  await temp?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('zipStore', () => {
  it('has the standard CRC-32 and an empty archive Python opens', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(zipStore([]).length).toBe(22);
  });
});

describe('export.download: a PNG batch as a download', () => {
  it('several images: one ZIP of template-named PNGs at the chosen size, each with its latent', async () => {
    const res = await call('export.download', {
      modelId: MODEL,
      items: [
        { latent: { kind: 'seed', seed: 7 } },
        { latent: { kind: 'seed', seed: 8 } },
        {
          latent: {
            kind: 'mix',
            method: 'slerp',
            a: { kind: 'seed', seed: 7 },
            b: { kind: 'seed', seed: 8 },
            t: 0.5,
          },
        },
      ],
      template: '{model}_{seed}_{index}',
      scale: 3,
      filter: 'nearest',
    });
    expect(res.mime).toBe('application/zip');
    expect(res.fileName).toMatch(new RegExp(`^${NAME}_\\d{4}-\\d{2}-\\d{2}_3\\.zip$`));
    const names = [`${NAME}_7_0001.png`, `${NAME}_8_0002.png`, `${NAME}_z_0003.png`];
    expect(res.files).toEqual(names);
    expect([res.width, res.height]).toEqual([96, 96]);
    const zip = join(scratch, res.fileName);
    await writeFile(zip, res.bytes);
    const out = join(scratch, 'unzipped');
    expect(pythonUnzip(zip, out)).toEqual(names);
    expect((await readdir(out)).sort()).toEqual([...names].sort());
    for (const [i, name] of names.entries()) {
      const png = new Uint8Array(await readFile(join(out, name)));
      const { width, height } = decodePngRgba(png);
      expect([width, height]).toEqual([96, 96]);
      const meta = readPngMetadata(png);
      expect(meta?.seed).toBe([7, 8, null][i]);
      expect(meta?.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    }
    // The blend carries its recipe, so dropping it back restores it.
    const mixed = readPngMetadata(new Uint8Array(await readFile(join(out, names[2]!))));
    expect(mixed?.recipe).toMatchObject({ kind: 'mix', t: 0.5 });
    // Nothing was written on the engine's machine.
    expect(await readdir(temp.dataDir)).not.toContain('exports');
  });

  it('one image: the PNG itself, named by the template', async () => {
    const res = await call('export.download', {
      modelId: MODEL,
      items: [{ latent: { kind: 'seed', seed: 42 }, name: 'favourite' }],
      template: '{name}-{seed}',
    });
    expect(res).toMatchObject({
      mime: 'image/png',
      fileName: 'favourite-42.png',
      files: ['favourite-42.png'],
      width: 32,
      height: 32,
    });
    expect(decodePngRgba(res.bytes).width).toBe(32);
    expect(readPngMetadata(res.bytes)?.seed).toBe(42);
  });

  it('refuses in words: a download too large to carry, a template that names two files alike, bad items', async () => {
    const many = Array.from({ length: 1000 }, (_, seed) => ({
      latent: { kind: 'seed' as const, seed },
    }));
    expect(await callError('export.download', { modelId: MODEL, items: many, scale: 8 })).toMatch(
      /BAD_REQUEST: 1000 images of 256×256 are 250 MiB uncompressed, more than one download can carry \(48 MiB\): choose fewer images or a smaller size, or export into a folder/,
    );
    const two = many.slice(0, 2);
    expect(
      await callError('export.download', { modelId: MODEL, items: two, template: '{model}' }),
    ).toMatch(/BAD_REQUEST: The name template needs \{index\}, \{seed\} or \{name\}/);
    expect(await callError('export.download', { modelId: MODEL, items: [] })).toMatch(
      /BAD_REQUEST: Invalid request for export.download at items/,
    );
  });
});
