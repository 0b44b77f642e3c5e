import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/temp-studio';

/**
 * Debian's python3-torch (1.13, CPU) at /usr/bin/python3 runs the exported PyTorch jobs in these
 * tests. Where it is absent the tests are skipped with this reason (the committed step fixture
 * still pins the app against PyTorch without it).
 */
export const PYTHON = process.env.LATENT_STUDIO_TORCH_PYTHON ?? '/usr/bin/python3';
export const JOB_RUNTIME = join(REPO_ROOT, 'assets', 'torch-job');

function probe(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error)
    return `${PYTHON} cannot be run (${r.error.message}): skipping the PyTorch job tests`;
  if (r.status !== 0)
    return `${PYTHON} has no PyTorch (apt install python3-torch): skipping the PyTorch job tests`;
  return null;
}

export const torchMissing: string | null = probe();
// CI (.ci/run) installs python3-torch and sets this: there the tests must run, not skip.
if (torchMissing && process.env.LATENT_STUDIO_REQUIRE_TORCH === '1')
  throw new Error(`LATENT_STUDIO_REQUIRE_TORCH=1 but ${torchMissing}`);
if (torchMissing) console.warn(torchMissing);

export interface PyResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs python with `args` in `cwd` (niced: the machine is shared), collecting its output. */
export function runPython(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<PyResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('nice', ['-n', '10', PYTHON, ...args], {
      cwd,
      env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1', ...env },
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

/** Runs and insists on success, with the output in the error otherwise. */
export async function mustRunPython(args: string[], cwd: string): Promise<string> {
  const r = await runPython(args, cwd);
  if (r.code !== 0)
    throw new Error(`python ${args.join(' ')} failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts `world` processes of `python args` the way a cluster launcher does (torchrun, SLURM,
 * Kubernetes): each with RANK, LOCAL_RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT in its
 * environment. Resolves with rank 0's output once every rank succeeded.
 */
export async function runRanks(args: string[], cwd: string, world: number): Promise<string> {
  const port = await freePort();
  const results = await Promise.all(
    Array.from({ length: world }, (_, rank) =>
      runPython(args, cwd, {
        MASTER_ADDR: '127.0.0.1',
        MASTER_PORT: String(port),
        RANK: String(rank),
        LOCAL_RANK: String(rank),
        WORLD_SIZE: String(world),
        LOCAL_WORLD_SIZE: String(world),
      }),
    ),
  );
  results.forEach((r, rank) => {
    if (r.code !== 0) throw new Error(`rank ${rank} failed (${r.code}):\n${r.stderr}`);
  });
  return results[0]!.stdout;
}
