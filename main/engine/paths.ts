import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Latent Studio';

/**
 * The user's data folder, the same one Electron's app.getPath('userData') gives, so the desktop
 * app, the browser shell and the CLI share one model library. LATENT_STUDIO_DATA_DIR overrides it
 * (tests use a temp folder).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LATENT_STUDIO_DATA_DIR) return env.LATENT_STUDIO_DATA_DIR;
  if (process.platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  if (process.platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}
