import { protocol } from 'electron';
import { APP_SCHEME, serveAppFile } from './protocol-paths';

/**
 * `app://renderer/...` serves the built renderer (dist/renderer) and nothing else. A standard,
 * secure scheme gives the page a real origin ('self' in the CSP, fetch, storage) without a
 * loopback server or file://. The path and header logic lives in protocol-paths.ts (tested).
 */

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Call after app 'ready'. Returns the disposer. */
export function handleAppProtocol(rendererDir: string): () => void {
  protocol.handle(APP_SCHEME, (request) => serveAppFile(rendererDir, request.url, request.method));
  return () => protocol.unhandle(APP_SCHEME);
}
