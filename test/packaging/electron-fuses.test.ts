import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { REPO_ROOT } from '../support/temp-studio';

// electron-builder.yml read and validated by electron-builder's own loader and schema (the same
// code `electron-builder --linux` runs), so a misspelt fuse or option fails here, not at release.
describe('the packaged desktop build', () => {
  it('flips the Electron fuses: no run-as-node, NODE_OPTIONS or --inspect; encrypted cookies; asar only, checked', async () => {
    const config = await getConfig(REPO_ROOT, null, null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packages the Electron version the electron package is pinned to (its types are the ones typechecked)', async () => {
    const config = await getConfig(REPO_ROOT, null, null);
    const json = async (file: string): Promise<unknown> =>
      JSON.parse(await readFile(path.join(REPO_ROOT, file), 'utf8'));
    const pkg = z
      .object({ optionalDependencies: z.object({ electron: z.string() }) })
      .parse(await json('package.json'));
    const lock = z
      .object({
        packages: z.object({ 'node_modules/electron': z.object({ version: z.string() }) }),
      })
      .parse(await json('package-lock.json'));
    // An exact pin, so `npm ci` installs the very version electron-builder packages.
    expect(pkg.optionalDependencies.electron).toMatch(/^\d+\.\d+\.\d+$/);
    expect(config.electronVersion).toBe(pkg.optionalDependencies.electron);
    expect(lock.packages['node_modules/electron'].version).toBe(config.electronVersion);
  });

  it('the schema check is real: an unknown fuse is refused', async () => {
    const config = await getConfig(REPO_ROOT, null, null);
    const wrong = { ...config, electronFuses: { ...config.electronFuses, runAsNodes: false } };
    await expect(validateConfiguration(wrong, new DebugLogger(false))).rejects.toThrow(
      /configuration\.electronFuses should be/,
    );
  });
});
