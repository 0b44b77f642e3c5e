import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { evalCommand } from './eval-command';
import { exportOnnxCommand } from './export-onnx-command';
import { inspectCommand } from './model-commands';
import { scanCommand } from './scan-command';

// A path longer than the contract allows (filePath: at most 4096 characters) is refused by the
// dispatch gate itself, naming the channel: proof that the command went through it.
const LONG = `/tmp/${'x'.repeat(5000)}`;

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'latent-cli-dispatch-'));
  vi.stubEnv('LATENT_STUDIO_DATA_DIR', dataDir);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(dataDir, { recursive: true, force: true });
});

describe('CLI commands that are requests go through the dispatch gate', () => {
  it.each([
    ['scan', () => scanCommand(LONG, true), 'dataset.scan at folder'],
    ['inspect', () => inspectCommand(LONG, true), 'models.inspect at path'],
    ['export-onnx', () => exportOnnxCommand(LONG, '/tmp/x.onnx', true), 'models.exportOnnx'],
    [
      'eval stats',
      () => evalCommand('stats', { out: `${LONG}.npz` }, true, ['/tmp/a.npz']),
      'eval.stats at out',
    ],
    ['eval bleu', () => evalCommand('bleu', { hyp: LONG, ref: ['/tmp/r'] }, true), 'eval.bleu'],
    [
      'eval fid',
      () => evalCommand('fid', { real: `${LONG}.npz`, fake: '/tmp/f.npz' }, true),
      'eval.run at real.path',
    ],
  ])('%s', async (_name, run, where) => {
    await expect(run()).rejects.toThrow(`Invalid request for ${where}`);
  });
});
