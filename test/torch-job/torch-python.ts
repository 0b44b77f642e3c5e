import { spawn, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

/**
 * How long one python run of these tests may take before it counts as hung (they take seconds;
 * CI under load, a minute). The DDP runs also get `--dist-timeout` (DIST_TIMEOUT_ARGS), shorter,
 * so a rank left waiting fails with torch's own message first.
 */
const HANG_MS = 300_000;
export const DIST_TIMEOUT_ARGS = ['--dist-timeout', '150'];

/**
 * Runs python with `args` in `cwd` (niced: the machine is shared), collecting its output. A run
 * past HANG_MS gets SIGABRT in its whole process group (spawned ranks too): with `-X faulthandler`
 * every process prints its Python stack, so the failure says where it hung, not only that it did.
 */
export function runPython(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  hangMs = HANG_MS,
): Promise<PyResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('nice', ['-n', '10', PYTHON, '-X', 'faulthandler', ...args], {
      cwd,
      env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let hung = false;
    const watchdog = setTimeout(() => {
      hung = true;
      try {
        process.kill(-child.pid!, 'SIGABRT');
      } catch {
        child.kill('SIGKILL');
      }
    }, hangMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => {
      clearTimeout(watchdog);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(watchdog);
      if (hung)
        stderr = `python ${args.join(' ')} hung for ${hangMs / 1000} s; its stacks:\n${stderr}`;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs and insists on success, with the output in the error otherwise. */
export async function mustRunPython(args: string[], cwd: string): Promise<string> {
  const r = await runPython(args, cwd);
  if (r.code !== 0)
    throw new Error(`python ${args.join(' ')} failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** The low end of the kernel's ephemeral port range (client sockets' source ports). */
function ephemeralLow(): number {
  try {
    const low = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'ascii').split(/\s+/)[0],
    );
    return Number.isInteger(low) && low > 2048 ? low : 32768;
  } catch {
    return 32768;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free port below the ephemeral range, as train.py's own choice for `--procs` (which says why:
 * a port the kernel hands to client sockets lets a rank that retries before the store listens
 * connect to itself and wait for ever).
 */
async function freePort(): Promise<number> {
  const low = ephemeralLow();
  for (let i = 0; i < 200; i++) {
    const port = Math.max(1024, low - 12000) + randomInt(Math.min(12000, low - 1024));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port below ${low}`);
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
