import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPython, torchMissing } from './torch-python';

/**
 * The PyTorch job tests start python processes (DDP ranks among them); one that hangs must fail
 * its test in words, with every process's Python stack, not wait for the test's own timeout.
 */
describe.skipIf(torchMissing !== null)('a python run of the job tests that hangs', () => {
  it('is aborted with the stacks of its whole process group', { timeout: 60_000 }, async () => {
    const script = [
      'import multiprocessing as mp, time',
      'def wait_in_child():',
      '    time.sleep(120)',
      "if __name__ == '__main__':",
      "    mp.set_start_method('spawn')",
      '    p = mp.Process(target=wait_in_child); p.start()',
      "    print('started', flush=True)",
      '    p.join()',
    ].join('\n');
    const dir = await mkdtemp(join(tmpdir(), 'hung-python-'));
    await writeFile(join(dir, 'hang.py'), script);
    const started = Date.now();
    const r = await runPython(['hang.py'], dir, {}, 8_000);
    await rm(dir, { recursive: true, force: true });
    expect(Date.now() - started).toBeLessThan(40_000);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toContain('started');
    expect(r.stderr).toContain('hung for 8 s');
    // Both processes printed where they were: the parent in join, the child in its sleep.
    expect(r.stderr).toMatch(/in join/);
    expect(r.stderr).toMatch(/in wait_in_child/);
  });
});
