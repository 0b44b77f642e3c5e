import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './temp-studio';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const BIN = join(REPO_ROOT, 'bin', 'latent-studio.cjs');

/** Runs the built `latent-studio` binary, exactly as a user would, with its own data folder. */
export function runCli(args: string[], dataDir: string): Promise<CliResult> {
  if (!existsSync(join(REPO_ROOT, 'dist', 'cli', 'latent-studio.mjs'))) {
    throw new Error('dist/cli is missing: run "npm run build" before these tests (npm test does)');
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, LATENT_STUDIO_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Parses the one JSON object a `--json` command prints. */
export function json<T = Record<string, unknown>>(result: CliResult): T {
  if (result.code !== 0) throw new Error(`CLI failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
