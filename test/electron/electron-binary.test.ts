import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { REPO_ROOT } from '../support/temp-studio';

// The three states of the optional electron package that `npm start` and the Electron smoke test
// tell apart, each in a scratch project resolving its own node_modules/electron. The package's
// real index.js is used where this checkout has it (.ci/run installs it without the binary).
const realIndex = path.join(REPO_ROOT, 'node_modules', 'electron', 'index.js');
const noPackage = existsSync(realIndex)
  ? null
  : 'the electron package is not installed here; ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci installs it';

describe('finding the Electron binary', () => {
  let project: string;
  beforeEach(async () => {
    project = await mkdtemp(path.join(tmpdir(), 'latent-electron-binary-'));
    // index.js honours this override; keep the developer's environment out of the test.
    vi.stubEnv('ELECTRON_OVERRIDE_DIST_PATH', undefined);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await rm(project, { recursive: true, force: true });
  });
  const from = () => path.join(project, 'start.mjs');

  async function electronPackage(): Promise<string> {
    const dir = path.join(project, 'node_modules', 'electron');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'package.json'), '{"name":"electron","main":"index.js"}');
    await copyFile(realIndex, path.join(dir, 'index.js'));
    return dir;
  }

  it('package absent: no binary, and says the package is not installed', () => {
    const found = findElectronBinary(from());
    expect(found.path).toBeNull();
    expect(found.reason).toContain('electron package is not installed');
  });

  it.skipIf(noPackage !== null)(
    `package installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1: no binary, and says so${noPackage ? ` (${noPackage})` : ''}`,
    async () => {
      await electronPackage();
      const found = findElectronBinary(from());
      expect(found.path).toBeNull();
      expect(found.reason).toContain('installed without its binary');
    },
  );

  it.skipIf(noPackage !== null)(
    `package with its downloaded binary: the binary's path${noPackage ? ` (${noPackage})` : ''}`,
    async () => {
      const dir = await electronPackage();
      await writeFile(path.join(dir, 'path.txt'), 'electron');
      const binary = path.join(dir, 'dist', 'electron');
      // path.txt without the file it names is not a binary either.
      expect(findElectronBinary(from()).path).toBeNull();
      await mkdir(path.dirname(binary));
      await writeFile(binary, '');
      expect(findElectronBinary(from())).toEqual({ path: binary, reason: null });
    },
  );
});
