import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * What both shells that serve the built renderer share — Electron's `app://` protocol and the
 * loopback server: the one path sanitiser, the one MIME table and the one Content-Security-Policy.
 * Plain Node, no electron import.
 */

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

/**
 * The page may load only its own scripts (no inline script, no eval) and talk only to its own
 * origin; `connect` adds the exact WebSocket origins of the loopback server.
 */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    ["connect-src 'self'", ...connect].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Maps the path of a URL below the site root (still percent-encoded, without the leading slash,
 * query or fragment: `assets/main.js`) to a file under
 * `rootDir`, or null when it must not be served: any `..` segment (raw or encoded, checked before
 * normalisation could hide it), NUL bytes, malformed escapes, backslashes used as separators, or
 * a resolved path outside the root. A folder path means its index.html.
 */
export function resolveUnderRoot(rootDir: string, rawPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  if (/^[/\\]|^[A-Za-z]:/.test(decoded)) return null;
  if (decoded.split(/[/\\]/).some((s) => s === '..')) return null;
  const relative = decoded === '' || decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const root = path.resolve(rootDir);
  const resolved = path.resolve(root, relative);
  const fromRoot = path.relative(root, resolved);
  if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) return null;
  return resolved;
}

/** Headers for a served file: type, no sniffing, and the CSP on documents. */
export function responseHeadersFor(filePath: string, csp: string): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': mimeTypeFor(filePath),
    'X-Content-Type-Options': 'nosniff',
  };
  if (path.extname(filePath).toLowerCase() === '.html') headers['Content-Security-Policy'] = csp;
  return headers;
}

/** A regular file under the root (never a folder or a device), or null. */
export async function readSiteFile(filePath: string): Promise<Buffer<ArrayBuffer> | null> {
  try {
    const info = await stat(filePath);
    return info.isFile() ? await readFile(filePath) : null;
  } catch {
    return null;
  }
}
