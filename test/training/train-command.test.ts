import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pngFolder, tempDir } from './fixtures';

const child = join(import.meta.dirname, 'train-cli-child.ts');

function runCli(
  args: string[],
  onLine?: (line: string, kill: () => void) => void,
): Promise<{ lines: string[]; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, ...args], {
      env: { ...process.env, LATENT_STUDIO_TRAIN_BACKEND: 'wasm' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let buffer = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        onLine?.(line, () => p.kill('SIGINT'));
      }
    });
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (code) => resolve({ lines, code, stderr }));
  });
}

describe('latent-studio train (trainCommand)', () => {
  it(
    '--json prints one line per step and a last {done, model} line',
    { timeout: 300_000 },
    async () => {
      const folder = await pngFolder(
        [
          [200, 0, 0],
          [0, 0, 200],
        ],
        3,
      );
      const out = await tempDir('cli');
      const { lines, code, stderr } = await runCli([folder, out, '4']);
      expect(code, stderr).toBe(0);
      const json = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(json.slice(0, 4).map((j) => j.step)).toEqual([1, 2, 3, 4]);
      expect(Object.keys(json[0]!).sort()).toEqual([
        'etaSec',
        'imagesPerSec',
        'losses',
        'runtime',
        'step',
      ]);
      expect(json[0]!.runtime).toMatch(/^onnxruntime/);
      expect(json.at(-1)).toEqual({ done: true, model: join(out, 'model') });
      expect(existsSync(join(out, 'model', 'tensors.bin'))).toBe(true);
      expect(existsSync(join(out, 'model', 'nets.json'))).toBe(true);
    },
  );

  it(
    '--extractor runs the live detectors: FID/KID points in metrics.jsonl of the run and its model',
    { timeout: 300_000 },
    async () => {
      const folder = await pngFolder(
        [
          [200, 40, 0],
          [0, 60, 200],
        ],
        6,
      );
      const out = await tempDir('cli-detectors');
      const tiny = join(import.meta.dirname, '../fixtures/extractors/tiny-extractor.onnx');
      const { lines, code, stderr } = await runCli([folder, out, '4', tiny, '2']);
      expect(code, stderr).toBe(0);
      // stdout keeps its contract (progress lines, then done); detector lines go to stderr.
      expect(lines.map((l) => Object.keys(JSON.parse(l) as object)[0])).toEqual([
        ...Array<string>(4).fill('step'),
        'done',
      ]);
      expect(stderr).toMatch(/step 2: FID \d/);
      expect(stderr).toMatch(/step 4: FID \d/);
      const evalSteps = async (file: string) =>
        (await readFile(file, 'utf8'))
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { step: number; eval?: { fid: number } })
          .filter((m) => m.eval && Number.isFinite(m.eval.fid))
          .map((m) => m.step);
      expect(await evalSteps(join(out, 'metrics.jsonl'))).toEqual([2, 4]);
      // The last point lands after model/ is written; the CLI copies the finished log into it.
      expect(await evalSteps(join(out, 'model', 'metrics.jsonl'))).toEqual([2, 4]);
    },
  );

  it(
    'Ctrl-C stops after the current step and writes a checkpoint',
    { timeout: 300_000 },
    async () => {
      const folder = await pngFolder([[0, 150, 0]], 4);
      const out = await tempDir('cli-int');
      let sent = false;
      const { lines, code, stderr } = await runCli([folder, out, '100000'], (line, kill) => {
        if (!sent && line.includes('"step":2')) {
          sent = true;
          kill();
        }
      });
      expect(code, stderr).toBe(0);
      expect(stderr).toMatch(/Stopping after this step/);
      const last = JSON.parse(lines.at(-1)!) as {
        done: boolean;
        stopped: boolean;
        step: number;
        checkpoint: string;
      };
      expect(last).toMatchObject({ done: false, stopped: true });
      expect(last.checkpoint).toBe(
        join(out, 'checkpoints', `step-${String(last.step).padStart(7, '0')}`),
      );
      expect(existsSync(join(last.checkpoint, 'manifest.json'))).toBe(true);
    },
  );
});
