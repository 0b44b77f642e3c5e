import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './temp-studio';

export interface ServeProcess {
  url: string;
  /** What serve printed on stdout up to its URL (the provider line, the URL). */
  output: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the real `latent-studio serve` (built CLI) and resolves with the URL it prints. */
export function startServeProcess(dataDir: string, args: string[] = []): Promise<ServeProcess> {
  const bin = join(REPO_ROOT, 'bin', 'latent-studio.cjs');
  const child = spawn(process.execPath, [bin, 'serve', ...args], {
    env: { ...process.env, LATENT_STUDIO_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`serve did not print a URL in time: ${out}${err}`)),
      // Generous: on a loaded 2-core machine at nice 19, node alone can take half a minute to
      // start (vitest's hook timeout, 120 s, leaves Chromium the rest).
      90_000,
    );
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[0],
        output: out,
        child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
