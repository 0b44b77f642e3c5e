import {
  contentSecurityPolicy,
  mimeTypeFor,
  readSiteFile,
  resolveUnderRoot,
  responseHeadersFor as siteHeaders,
} from '../web/static-site';

/**
 * The pure half of the `app://` protocol: URL → safe file path and the response itself, with the
 * path sanitiser, MIME table and CSP the loopback server uses too (web/static-site.ts). Plain Node (no electron import) so it is unit tested without mocks; protocol.ts only
 * wires it into Electron's protocol.handle.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The desktop page talks only to its own origin (the engine is reached over IPC). */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

export { mimeTypeFor };

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
 * scheme or host, or a path the shared sanitiser refuses (web/static-site.ts).
 */
export function resolveAppPath(rootDir: string, url: string): string | null {
  const prefix = `${APP_ORIGIN}/`;
  if (!url.toLowerCase().startsWith(prefix)) return null;
  return resolveUnderRoot(rootDir, url.slice(prefix.length).split(/[?#]/, 1)[0] ?? '');
}

/** Headers for a served file: type, no sniffing, and the CSP on documents. */
export function responseHeadersFor(filePath: string): Record<string, string> {
  return siteHeaders(filePath, CONTENT_SECURITY_POLICY);
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
  const body = await readSiteFile(filePath);
  if (body === null) return textResponse(404, 'Not found');
  return new Response(method === 'HEAD' ? null : body, {
    status: 200,
    headers: responseHeadersFor(filePath),
  });
}
