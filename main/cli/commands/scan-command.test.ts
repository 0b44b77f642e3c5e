import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scanReportSchema } from '../../contract/training-schemas';
import { scanCommand } from './scan-command';

const MESSY = resolve(__dirname, '../../../test/fixtures/messy');

// The command opens the engine like every CLI command: give it a data folder of its own.
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'latent-scan-cli-'));
  vi.stubEnv('LATENT_STUDIO_DATA_DIR', dataDir);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(dataDir, { recursive: true, force: true });
});

/** What a command writes to stdout (the real stream is put back afterwards). */
async function stdoutOf(run: () => Promise<void>): Promise<string> {
  const write = process.stdout.write.bind(process.stdout);
  let text = '';
  const capture = (chunk: string | Uint8Array): boolean => {
    text += String(chunk);
    return true;
  };
  process.stdout.write = capture;
  try {
    await run();
  } finally {
    process.stdout.write = write;
  }
  return text;
}

describe('scanCommand', () => {
  it('--json prints one line holding exactly the ScanReport', async () => {
    const out = await stdoutOf(() => scanCommand(MESSY, true));
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trim().split('\n')).toHaveLength(1);
    const report = scanReportSchema.strict().parse(JSON.parse(out));
    expect(report.usable).toBe(16);
    expect(Object.keys(JSON.parse(out) as object).sort()).toEqual([
      'duplicates',
      'files',
      'folder',
      'formats',
      'rejected',
      'usable',
      'warnings',
    ]);
  });

  it('prints a readable summary: counts, every rejected file with its reason, duplicates, warnings', async () => {
    const out = await stdoutOf(() => scanCommand(MESSY, false));
    expect(out).toContain(
      '16 usable images (png 6, jpeg 5, webp 2, gif 1, tiff 1, bmp 1), 5 rejected',
    );
    expect(out).toContain('bad/empty.png: empty file (0 bytes)');
    expect(out).toContain(
      'bad/gigapixel-claim.png: claims 60000×60000 pixels (3600 Mpx), over the 64 Mpx limit',
    );
    expect(out).toContain('photo-b.jpg  ≈  sub/photo-b-copy.jpg');
    expect(out).toMatch(/Warnings:\n {2}- Only 16 usable images/);
  });
});
