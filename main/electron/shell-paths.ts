import path from 'node:path';

/**
 * Where the Electron shell finds its files. Pure (no electron import) so it is unit tested.
 * `appPath` is app.getAppPath(): the repo root in dev (`electron .`), resources/app.asar when
 * packaged. Models ship as extraResources (outside the asar, see electron-builder.yml) because the
 * native runtimes open them by path, so packaged assets come from process.resourcesPath.
 */
export interface ShellPaths {
  rendererDir: string;
  preloadPath: string;
  assetsDir: string;
  /** The bundled training process entry (run in a utilityProcess). */
  trainProcessPath: string;
}

export function resolveShellPaths(input: {
  appPath: string;
  isPackaged: boolean;
  resourcesPath: string | undefined;
}): ShellPaths {
  const dist = path.join(input.appPath, 'dist');
  const assetsDir =
    input.isPackaged && input.resourcesPath
      ? path.join(input.resourcesPath, 'assets')
      : path.join(input.appPath, 'assets');
  return {
    rendererDir: path.join(dist, 'renderer'),
    preloadPath: path.join(dist, 'preload', 'preload.cjs'),
    assetsDir,
    trainProcessPath: path.join(dist, 'cli', 'train-process.mjs'),
  };
}
