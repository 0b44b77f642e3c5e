import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
  lstatSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanReportSchema, type ScanReport } from '../../contract/training-schemas';
import { scanFolder } from './scan-folder';

const MESSY = resolve(__dirname, '../../../test/fixtures/messy');
const GOOD = [
  'alpha.png',
  'animated.gif',
  'deep-16bit.png',
  'gray.png',
  'photo-a-reencoded.jpg',
  'photo-a.png',
  'photo-b.jpg',
  'photo-c.webp',
  'rotated-exif6.jpg',
  'scan.tiff',
  'sub/deeper/more-3.webp',
  'sub/more-1.png',
  'sub/more-2.jpg',
  'sub/no-extension',
  'sub/photo-b-copy.jpg',
  'windows.bmp',
];
// Running as root (CI containers), chmod 000 does not stop reads: that one case cannot be staged.
const canMakeUnreadable = process.getuid?.() !== 0 && process.platform !== 'win32';

let folder: string;
let report: ScanReport;
beforeAll(async () => {
  // A temp copy, so the test can add what git cannot store (an unreadable file) and make sure the
  // symlink loop exists even where a checkout dropped it.
  folder = mkdtempSync(join(tmpdir(), 'latent-messy-'));
  cpSync(MESSY, folder, { recursive: true, verbatimSymlinks: true });
  if (!existsSync(join(folder, 'sub/loop'))) symlinkSync('..', join(folder, 'sub/loop'));
  report = await scanFolder(folder);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('scanFolder on the messy fixture folder', () => {
  it('returns exactly the ScanReport contract', () => {
    expect(scanReportSchema.strict().parse(report)).toEqual(report);
    expect(report.folder).toBe(folder);
  });

  it('counts every good image, in any format or subfolder, sorted and relative', () => {
    expect(report.files.map((f) => f.file)).toEqual(GOOD);
    expect(report.usable).toBe(GOOD.length);
    expect(report.formats).toEqual({ png: 6, jpeg: 5, webp: 2, gif: 1, tiff: 1, bmp: 1 });
  });

  it('names each bad file with the reason it cannot be used', () => {
    const reasons = Object.fromEntries(report.rejected.map((r) => [r.file, r.reason]));
    expect(reasons['bad/empty.png']).toBe('empty file (0 bytes)');
    expect(reasons['bad/truncated.jpg']).toMatch(/^truncated image: the data ends early/);
    expect(reasons['bad/not-an-image.png']).toBe(
      'not an image (its contents match no image format)',
    );
    expect(reasons['bad/unsupported.psd']).toMatch(/^unsupported format \(Photoshop PSD\)/);
    expect(reasons['bad/gigapixel-claim.png']).toBe(
      'claims 60000×60000 pixels (3600 Mpx), over the 64 Mpx limit',
    );
    expect(report.rejected.map((r) => r.file).sort()).toEqual(report.rejected.map((r) => r.file));
  });

  it('ignores dotfiles, text files and whatever the symlink loop leads back to', () => {
    const all = [...report.files.map((f) => f.file), ...report.rejected.map((r) => r.file)];
    expect(lstatSync(join(folder, 'sub/loop')).isSymbolicLink()).toBe(true);
    expect(
      all.filter((f) => f.includes('loop') || f.includes('.hidden') || f === 'notes.txt'),
    ).toEqual([]);
  });

  it('reports sizes after EXIF rotation, grayscale (incl. 16-bit) and alpha', () => {
    const byName = Object.fromEntries(report.files.map((f) => [f.file, f]));
    expect(byName['rotated-exif6.jpg']).toMatchObject({ width: 40, height: 60 });
    expect(byName['deep-16bit.png']).toMatchObject({ grayscale: true, channels: 1 });
    expect(byName['gray.png']?.grayscale).toBe(true);
    expect(byName['alpha.png']).toMatchObject({ hasAlpha: true, channels: 4 });
    expect(byName['photo-b.jpg']).toMatchObject({
      grayscale: false,
      hasAlpha: false,
      width: 80,
      height: 80,
    });
  });

  it('pairs the exact copy and the re-encoded near copy, and nothing else', () => {
    const expected: Array<[string, string]> = [
      ['photo-a-reencoded.jpg', 'photo-a.png'],
      ['photo-b.jpg', 'sub/photo-b-copy.jpg'],
    ];
    expect(report.duplicates).toEqual(expected);
  });

  it('warns about few images, mixed aspect ratios, alpha, duplicates and small images', () => {
    const text = report.warnings.join('\n');
    expect(text).toMatch(/Only 16 usable images/);
    expect(text).toMatch(/Mixed aspect ratios/);
    expect(text).toMatch(/1 image has transparency/);
    expect(text).toMatch(/2 duplicate or near-duplicate pairs/);
    expect(text).toMatch(/smaller than 64 px/);
    expect(text).not.toMatch(/grayscale/); // 2 of 15
  });
});

describe('scanFolder edge cases', () => {
  // chmod 000 cannot be stored in git, so the file is made here; as root (CI containers) chmod 000
  // does not stop reads, so there the case cannot be staged and is skipped.
  it.skipIf(!canMakeUnreadable)(
    'names a file and a folder it may not read (skipped as root: root reads chmod 000)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'latent-locked-'));
      try {
        writeFileSync(join(dir, 'locked.png'), readFileSync(join(MESSY, 'photo-a.png')));
        chmodSync(join(dir, 'locked.png'), 0o000);
        mkdirSync(join(dir, 'private'));
        chmodSync(join(dir, 'private'), 0o000);
        const locked = await scanFolder(dir);
        expect(locked.rejected).toEqual([
          { file: 'locked.png', reason: 'unreadable: permission denied' },
          { file: 'private/', reason: 'unreadable folder: permission denied' },
        ]);
      } finally {
        chmodSync(join(dir, 'private'), 0o755);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('refuses a gigapixel claim from the header alone, without decoding', async () => {
    // The fixture's data is 64 zero bytes: a decode would fail as truncated, not as over the limit,
    // so the reason itself shows no decode ran.
    const start = performance.now();
    const only = await scanFolder(join(MESSY, 'bad'), { pixelLimit: 64e6 });
    expect(only.rejected.find((r) => r.file === 'gigapixel-claim.png')?.reason).toMatch(
      /over the 64 Mpx limit/,
    );
    expect(performance.now() - start).toBeLessThan(5000);
  });

  it('applies a lower pixel limit to ordinary images', async () => {
    const small = await scanFolder(join(MESSY, 'sub/deeper'), { pixelLimit: 4000 });
    expect(small.rejected.find((r) => r.file === 'more-3.webp')?.reason).toBe(
      'claims 64×64 pixels (0.0041 Mpx), over the 0.004 Mpx limit',
    );
  });

  it('reports progress up to the total and stops with CANCELLED when aborted', async () => {
    const seen: Array<[number, number]> = [];
    await scanFolder(join(MESSY, 'bad'), { onProgress: (d, t) => seen.push([d, t]) });
    expect(seen[0]).toEqual([0, 5]);
    expect(seen.at(-1)).toEqual([5, 5]);
    const controller = new AbortController();
    controller.abort();
    await expect(scanFolder(MESSY, { signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });

  it('says a missing folder is not a folder', async () => {
    await expect(scanFolder(join(MESSY, 'no-such-folder'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
