import { app, BrowserWindow, dialog, session } from 'electron';
import { createStudio, type Studio } from '../engine/studio';
import { defaultDataDir } from '../engine/paths';
import { registerIpc } from './ipc';
import { installMenu } from './menu';
import { denyUnusedPermissions } from './permissions';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { resolveShellPaths } from './shell-paths';
import { spawnUtilityTrainingProcess } from './training-process';
import { createMainWindow } from './window';

/**
 * Electron entry (bundled to dist/electron/main.cjs). Thin on purpose: each concern lives in its
 * own manager (protocol, ipc, window, menu) and all the work happens in the shell-neutral engine.
 */

// One library per user whatever the shell: the same folder the CLI and browser shell use
// (LATENT_STUDIO_DATA_DIR overrides it, e.g. for the smoke test). Set before 'ready'.
app.setPath('userData', defaultDataDir());
registerAppScheme();

let mainWindow: BrowserWindow | null = null;

function fatal(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  console.error('Latent Studio could not start:', err);
  dialog.showErrorBox('Latent Studio could not start', message);
  app.exit(1);
}

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(): Promise<void> {
  await app.whenReady();
  denyUnusedPermissions(session.defaultSession);
  const paths = resolveShellPaths({
    appPath: app.getAppPath(),
    isPackaged: app.isPackaged,
    resourcesPath: (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath,
  });
  const disposeProtocol = handleAppProtocol(paths.rendererDir);
  const studio: Studio = await createStudio({
    dataDir: app.getPath('userData'),
    assetsDir: paths.assetsDir,
    shell: 'electron',
    training: { entry: paths.trainProcessPath, spawn: spawnUtilityTrainingProcess },
  });
  const disposeIpc = registerIpc(studio);
  installMenu(studio, { isMac: process.platform === 'darwin', isDev: !app.isPackaged });

  const openWindow = (): void => {
    const win = createMainWindow(paths.preloadPath);
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    mainWindow = win;
  };
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  // Release models (native sessions) before exiting: hold the quit once, dispose, quit again.
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    disposed = true;
    event.preventDefault();
    disposeIpc();
    disposeProtocol();
    studio
      .dispose()
      .catch((err: unknown) => console.error('Error while closing the engine:', err))
      .finally(() => app.quit());
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  start().catch(fatal);
}
