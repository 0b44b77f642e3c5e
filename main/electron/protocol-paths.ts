import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The pure half of the `app://` protocol: URL → safe file path, MIME types, CSP and the response
 * itself. Plain Node (no electron import) so it is unit tested without mocks; protocol.ts only
 * wires it into Electron's protocol.handle.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** True for URLs of our own renderer (app://renderer/...), the only origin trusted with IPC. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Maps an app:// URL to a file under `rootDir`, or null when it must not be served: another
 * scheme or host, any `..` segment (raw or percent-encoded, checked before URL normalisation could
 * hide it), NUL bytes, malformed escapes, or a resolved path outside the root.
 */
export function resolveAppPath(rootDir: string, url: string): string | null {
  const prefix = `${APP_ORIGIN}/`;
  if (!url.toLowerCase().startsWith(prefix)) return null;
  const rawPath = url.slice(prefix.length).split(/[?#]/, 1)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const segments = decoded.split(/[/\\]/);
  if (segments.some((s) => s === '..')) return null;
  const relative = decoded === '' || decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const root = path.resolve(rootDir);
  const resolved = path.resolve(root, relative);
  const fromRoot = path.relative(root, resolved);
  if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) return null;
  return resolved;
}

/** Headers for a served file: type, no sniffing, and the CSP on documents. */
export function responseHeadersFor(filePath: string): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': mimeTypeFor(filePath),
    'X-Content-Type-Options': 'nosniff',
  };
  if (path.extname(filePath).toLowerCase() === '.html') {
    headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
  }
  return headers;
}

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/** Serves one app:// request from `rootDir` (dist/renderer). Never throws. */
export async function serveAppFile(
  rootDir: string,
  url: string,
  method = 'GET',
): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') return textResponse(405, 'Method not allowed');
  const filePath = resolveAppPath(rootDir, url);
  if (filePath === null) return textResponse(403, 'Forbidden');
  try {
    const info = await stat(filePath);
    if (!info.isFile()) return textResponse(404, 'Not found');
    const body = method === 'HEAD' ? null : await readFile(filePath);
    return new Response(body, { status: 200, headers: responseHeadersFor(filePath) });
  } catch {
    return textResponse(404, 'Not found');
  }
}
