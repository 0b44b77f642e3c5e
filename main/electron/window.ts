import {
  BrowserWindow,
  shell,
  type BrowserWindowConstructorOptions,
  type WebContents,
} from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './protocol-paths';

/**
 * The main window: isolated, sandboxed renderer without Node, loaded from app:// only. All the
 * engine access goes through the preload bridge (preload/preload.ts → ipc.ts).
 */

export const WINDOW_BACKGROUND = '#121317';

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Latent Studio',
    backgroundColor: WINDOW_BACKGROUND,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** Only plain web links leave the app, and only to the system browser. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * No navigation away from app://, no redirects out, no <webview>, no new windows (http(s) links
 * open in the system browser instead).
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) {
      shell
        .openExternal(url)
        .catch((err: unknown) => console.error('Could not open link', url, err));
    }
    return { action: 'deny' };
  });
}

export function createMainWindow(preloadPath: string, url: string = APP_ENTRY_URL): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preloadPath));
  hardenWebContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  win.loadURL(url).catch((err: unknown) => console.error('Could not load', url, err));
  return win;
}
