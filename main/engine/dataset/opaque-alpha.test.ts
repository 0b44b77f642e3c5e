import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodePng } from '../image/png';
import { scanFolder } from './scan-folder';

let folder: string;
afterAll(() => rm(folder, { recursive: true, force: true }));

/** A 16×16 RGBA PNG, alpha 255 everywhere except where `clear` says 0. */
function rgbaPng(clear: (p: number) => boolean): Uint8Array {
  const rgba = new Uint8Array(16 * 16 * 4);
  for (let p = 0; p < 256; p++) rgba.set([200, 60, 30, clear(p) ? 0 : 255], p * 4);
  return encodePng({ width: 16, height: 16, rgba });
}

describe('transparency in a scan', () => {
  it('an RGBA PNG that is opaque everywhere is not reported as transparent; one clear pixel is', async () => {
    folder = await mkdtemp(join(tmpdir(), 'latent-opaque-'));
    await writeFile(
      join(folder, 'opaque.png'),
      rgbaPng(() => false),
    );
    await writeFile(
      join(folder, 'one-hole.png'),
      rgbaPng((p) => p === 77),
    );
    const report = await scanFolder(folder);
    const byName = Object.fromEntries(report.files.map((f) => [f.file, f]));
    expect(byName['opaque.png']).toMatchObject({ channels: 4, hasAlpha: false });
    expect(byName['one-hole.png']).toMatchObject({ channels: 4, hasAlpha: true });
    expect(report.warnings.filter((w) => /transparency/.test(w))).toEqual([
      '1 image has transparency: transparent areas are filled with the training background (white or black).',
    ]);
  });
});

describe('BMP in a scan and in training', () => {
  it('a BMP is a usable image of format bmp, decoded for training like any other', async () => {
    const { decodeForTraining } = await import('./decode-for-training');
    const bmps = join(__dirname, '../../../test/fixtures/bmp');
    const report = await scanFolder(bmps);
    const byName = Object.fromEntries(report.files.map((f) => [f.file, f]));
    expect(byName['rgb24.bmp']).toMatchObject({
      format: 'bmp',
      width: 7,
      height: 5,
      hasAlpha: false,
    });
    expect(byName['rgba32-v5.bmp']).toMatchObject({ format: 'bmp', hasAlpha: true });
    expect(report.rejected).toEqual([
      {
        file: 'rle8.bmp',
        reason: expect.stringMatching(/compression RLE8 is not supported/) as unknown,
      },
    ]);
    const px = await decodeForTraining(join(bmps, 'rgb24.bmp'), {
      size: 4,
      channels: 3,
      background: 'white',
    });
    expect(px.length).toBe(4 * 4 * 3);
  });
});
