import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handleAppProtocol, registerAppScheme } from '../../main/electron/protocol';
import { resolveShellPaths } from '../../main/electron/shell-paths';
import { protocol, resetFakeElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

describe('app:// protocol wiring', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'latent-renderer-'));
    await writeFile(path.join(root, 'index.html'), '<!doctype html>');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));
  beforeEach(() => resetFakeElectron());

  it('registers app as a standard, secure, fetch-capable scheme', () => {
    registerAppScheme();
    expect(protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves the renderer folder and unregisters on dispose', async () => {
    const dispose = handleAppProtocol(root);
    const handler = protocol.handlers.get('app');
    expect(handler).toBeDefined();
    const ok = await handler!(new Request('app://renderer/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'self'");
    const refused = await handler!(
      new Request('app://renderer/index.html', { method: 'POST', body: 'x' }),
    );
    expect(refused.status).toBe(405);
    dispose();
    expect(protocol.handlers.has('app')).toBe(false);
  });
});

describe('resolveShellPaths', () => {
  it('uses the repo in dev and resources/ for packaged assets', () => {
    const dev = resolveShellPaths({
      appPath: '/repo',
      isPackaged: false,
      resourcesPath: '/electron/resources',
    });
    expect(dev).toEqual({
      rendererDir: path.join('/repo', 'dist', 'renderer'),
      preloadPath: path.join('/repo', 'dist', 'preload', 'preload.cjs'),
      assetsDir: path.join('/repo', 'assets'),
      trainProcessPath: path.join('/repo', 'dist', 'cli', 'train-process.mjs'),
    });
    const packaged = resolveShellPaths({
      appPath: '/opt/Latent Studio/resources/app.asar',
      isPackaged: true,
      resourcesPath: '/opt/Latent Studio/resources',
    });
    expect(packaged.rendererDir).toBe(
      path.join('/opt/Latent Studio/resources/app.asar', 'dist', 'renderer'),
    );
    expect(packaged.assetsDir).toBe(path.join('/opt/Latent Studio/resources', 'assets'));
  });
});
