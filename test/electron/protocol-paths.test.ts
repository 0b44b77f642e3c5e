import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  mimeTypeFor,
  resolveAppPath,
  responseHeadersFor,
  serveAppFile,
} from '../../main/electron/protocol-paths';

const ROOT = path.resolve('/srv/app/dist/renderer');

describe('resolveAppPath', () => {
  it('maps app://renderer URLs into the renderer folder', () => {
    expect(resolveAppPath(ROOT, 'app://renderer/index.html')).toBe(path.join(ROOT, 'index.html'));
    expect(resolveAppPath(ROOT, 'app://renderer/')).toBe(path.join(ROOT, 'index.html'));
    expect(resolveAppPath(ROOT, 'app://renderer/assets/main-abc.js?v=1#x')).toBe(
      path.join(ROOT, 'assets', 'main-abc.js'),
    );
    expect(resolveAppPath(ROOT, 'app://renderer/assets/')).toBe(
      path.join(ROOT, 'assets', 'index.html'),
    );
    expect(resolveAppPath(ROOT, 'app://renderer/fonts/My%20Font.woff2')).toBe(
      path.join(ROOT, 'fonts', 'My Font.woff2'),
    );
  });

  it('rejects path traversal in every spelling', () => {
    for (const url of [
      'app://renderer/../../etc/passwd',
      'app://renderer/assets/../../../etc/passwd',
      'app://renderer/%2e%2e/%2e%2e/etc/passwd',
      'app://renderer/..%2f..%2fetc%2fpasswd',
      'app://renderer/..%5c..%5cwindows%5cwin.ini',
      'app://renderer/assets\\..\\..\\secret',
      'app://renderer/%2E%2E/secret',
    ]) {
      expect(resolveAppPath(ROOT, url), url).toBeNull();
    }
  });

  it('rejects other schemes, hosts, NUL bytes and malformed escapes', () => {
    for (const url of [
      'file:///etc/passwd',
      'https://renderer/index.html',
      'app://other/index.html',
      'app://renderer.evil/index.html',
      'app://renderer',
      'app://renderer/index.html%00.png',
      'app://renderer/%E0%A4%A',
    ]) {
      expect(resolveAppPath(ROOT, url), url).toBeNull();
    }
  });

  it('rejects absolute paths smuggled after the host', () => {
    expect(resolveAppPath(ROOT, 'app://renderer//etc/passwd')).toBeNull();
    expect(resolveAppPath(ROOT, 'app://renderer/%2Fetc%2Fpasswd')).toBeNull();
  });
});

describe('MIME types and headers', () => {
  it('knows the renderer file types', () => {
    expect(mimeTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('a/main.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('x.MJS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('s.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('i.png')).toBe('image/png');
    expect(mimeTypeFor('i.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('f.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('m.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('d.json')).toBe('application/json; charset=utf-8');
    expect(mimeTypeFor('unknown.bin')).toBe('application/octet-stream');
    expect(mimeTypeFor('noext')).toBe('application/octet-stream');
  });

  it('CSP locks the page to its own origin', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(responseHeadersFor('index.html')['Content-Security-Policy']).toBe(
      CONTENT_SECURITY_POLICY,
    );
    expect(responseHeadersFor('main.js')['Content-Security-Policy']).toBeUndefined();
    expect(responseHeadersFor('main.js')['X-Content-Type-Options']).toBe('nosniff');
  });

  it('isAppUrl', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://renderer/x/y.html?q#h')).toBe(true);
    expect(isAppUrl('app://evil/')).toBe(false);
    expect(isAppUrl('https://renderer/')).toBe(false);
    expect(isAppUrl('')).toBe(false);
  });
});

describe('serveAppFile', () => {
  let dir: string;
  let root: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'latent-protocol-'));
    root = path.join(dir, 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Latent Studio</title>');
    await writeFile(path.join(root, 'assets', 'main.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'secret.txt'), 'top secret');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves HTML with the CSP and JS with its MIME type', async () => {
    const html = await serveAppFile(root, 'app://renderer/index.html');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await html.text()).toContain('<title>Latent Studio</title>');
    const js = await serveAppFile(root, 'app://renderer/assets/main.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
  });

  it('answers 403 for traversal, 404 for missing files and folders, 405 for writes', async () => {
    const traversal = await serveAppFile(root, 'app://renderer/..%2fsecret.txt');
    expect(traversal.status).toBe(403);
    expect(await traversal.text()).not.toContain('top secret');
    expect((await serveAppFile(root, 'app://renderer/nope.js')).status).toBe(404);
    expect((await serveAppFile(root, 'app://renderer/assets')).status).toBe(404);
    expect((await serveAppFile(root, 'app://renderer/index.html', 'POST')).status).toBe(405);
  });
});
