// Where the Electron binary is, or why there is none: for `npm start` (scripts/start.mjs) and the
// Playwright Electron test (test/electron/smoke.e2e.test.ts). Types: electron-binary.d.mts.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The electron package is an optional dependency and can be in three states:
 * - absent: its postinstall download failed, so npm removed it (`npm ci` where the download fails);
 * - present without its binary: installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 (.ci/run, for its
 *   types); its index.js then throws "Electron failed to install correctly";
 * - present with its binary: index.js returns the binary's path (from path.txt).
 * Only the last one can start the desktop app.
 *
 * @param {string} [from] where to resolve the package from (this repository; tests pass others)
 * @returns {{ path: string, reason: null } | { path: null, reason: string }}
 */
export function findElectronBinary(from = import.meta.url) {
  let binary;
  try {
    binary = createRequire(from)('electron');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes('Electron failed to install correctly'))
      return {
        path: null,
        reason:
          'the electron package is installed without its binary; its download was skipped or failed',
      };
    if (error instanceof Error && 'code' in error && error.code === 'MODULE_NOT_FOUND')
      return {
        path: null,
        reason:
          'the optional electron package is not installed; npm leaves it out where its binary download fails',
      };
    return { path: null, reason: `the electron package cannot be loaded: ${message}` };
  }
  if (typeof binary !== 'string' || !existsSync(binary))
    return {
      path: null,
      reason: `the electron package names a binary that does not exist: ${binary}`,
    };
  return { path: binary, reason: null };
}
