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
    await writeFile(join(folder, 'opaque.png'), rgbaPng(() => false));
    await writeFile(join(folder, 'one-hole.png'), rgbaPng((p) => p === 77));
    const report = await scanFolder(folder);
    const byName = Object.fromEntries(report.files.map((f) => [f.file, f]));
    expect(byName['opaque.png']).toMatchObject({ channels: 4, hasAlpha: false });
    expect(byName['one-hole.png']).toMatchObject({ channels: 4, hasAlpha: true });
    expect(report.warnings.filter((w) => /transparency/.test(w))).toEqual([
      '1 image has transparency: transparent areas are filled with the training background (white or black).',
    ]);
  });
});
