/**
 * Fallback types for the subset of 'electron' that main/electron and preload use, for machines
 * where the optional `electron` package is not installed (its binary download failed), so
 * `tsc --noEmit` still typechecks main/electron, preload and test/electron.
 *
 * Why a *pattern* module ('electron*') and not `declare module 'electron'`: when the real package
 * is present, its electron.d.ts declares `declare module 'electron' { export = ... }`; a second
 * exact `declare module 'electron'` here would merge with it and fail (TS2309, an export
 * assignment cannot sit beside other exports). TypeScript resolves an import in this order:
 * exact ambient module → module file found by resolution → best-matching pattern ambient module.
 * So with the real package installed its types always win and this file is never consulted; with
 * it absent, 'electron' falls through to this pattern. No tsconfig change needed.
 * (Side effect: an unresolvable 'electron-something' import would also land here; nothing in
 * the project imports such a module.)
 *
 * Keep every declaration a strict subset of the real API (same names, compatible signatures):
 * code that typechecks against this file must also typecheck against electron 39's own types.
 */
declare module 'electron*' {
  import type { EventEmitter } from 'node:events';

  type Event<Params extends object = object> = {
    preventDefault: () => void;
    readonly defaultPrevented: boolean;
  } & Params;

  interface WebContentsWillNavigateEventParams {
    url: string;
    isSameDocument: boolean;
    isMainFrame: boolean;
  }

  interface WebFrameMain {
    readonly url: string;
    readonly origin: string;
    readonly parent: WebFrameMain | null;
  }

  interface HandlerDetails {
    url: string;
    frameName: string;
    disposition: 'default' | 'foreground-tab' | 'background-tab' | 'new-window' | 'other';
  }

  interface WindowOpenHandlerResponse {
    action: 'allow' | 'deny';
  }

  interface WebContents extends EventEmitter {
    readonly id: number;
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
    getURL(): string;
    setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
    on(
      event: 'will-navigate',
      listener: (details: Event<WebContentsWillNavigateEventParams>, url: string) => void,
    ): this;
    on(
      event: 'will-redirect',
      listener: (details: Event<WebContentsWillNavigateEventParams>, url: string) => void,
    ): this;
    on(event: 'will-attach-webview', listener: (event: Event) => void): this;
  }

  interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInWorker?: boolean;
    nodeIntegrationInSubFrames?: boolean;
    webSecurity?: boolean;
    allowRunningInsecureContent?: boolean;
    webviewTag?: boolean;
    spellcheck?: boolean;
  }

  interface BrowserWindowConstructorOptions {
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    show?: boolean;
    title?: string;
    backgroundColor?: string;
    webPreferences?: WebPreferences;
  }

  class BrowserWindow {
    constructor(options?: BrowserWindowConstructorOptions);
    static getAllWindows(): BrowserWindow[];
    static getFocusedWindow(): BrowserWindow | null;
    readonly webContents: WebContents;
    loadURL(url: string): Promise<void>;
    show(): void;
    focus(): void;
    restore(): void;
    isMinimized(): boolean;
    isDestroyed(): boolean;
    getTitle(): string;
    once(event: 'ready-to-show', listener: () => void): this;
    on(event: 'closed', listener: () => void): this;
  }

  interface App {
    readonly isPackaged: boolean;
    whenReady(): Promise<void>;
    quit(): void;
    exit(exitCode?: number): void;
    requestSingleInstanceLock(): boolean;
    getPath(name: 'userData' | 'appData' | 'documents' | 'downloads' | 'temp'): string;
    setPath(name: 'userData' | 'appData', path: string): void;
    getAppPath(): string;
    getName(): string;
    getVersion(): string;
    on(event: 'window-all-closed', listener: () => void): this;
    on(event: 'activate', listener: () => void): this;
    on(event: 'second-instance', listener: () => void): this;
    on(event: 'will-quit', listener: (event: Event) => void): this;
  }

  interface CustomScheme {
    scheme: string;
    privileges?: {
      standard?: boolean;
      secure?: boolean;
      supportFetchAPI?: boolean;
      corsEnabled?: boolean;
      stream?: boolean;
    };
  }

  interface Protocol {
    registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
    unhandle(scheme: string): void;
  }

  interface IpcMainInvokeEvent {
    readonly sender: WebContents;
    readonly senderFrame: WebFrameMain | null;
  }

  interface IpcMain {
    // `any` mirrors the real signature: invoke arguments are untrusted and parsed by dispatch().
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: any[]) => unknown): void;
    removeHandler(channel: string): void;
  }

  type IpcRendererEvent = Event;

  interface IpcRenderer {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    invoke(channel: string, ...args: any[]): Promise<any>;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    on(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): this;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    removeListener(channel: string, listener: (...args: any[]) => void): this;
  }

  interface ContextBridge {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    exposeInMainWorld(apiKey: string, api: any): void;
  }

  interface Shell {
    openExternal(url: string): Promise<void>;
  }

  interface FileFilter {
    name: string;
    extensions: string[];
  }

  interface OpenDialogOptions {
    title?: string;
    buttonLabel?: string;
    filters?: FileFilter[];
    properties?: Array<'openFile' | 'openDirectory' | 'multiSelections'>;
  }

  interface OpenDialogReturnValue {
    canceled: boolean;
    filePaths: string[];
  }

  interface Dialog {
    showOpenDialog(
      window: BrowserWindow,
      options: OpenDialogOptions,
    ): Promise<OpenDialogReturnValue>;
    showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
    showErrorBox(title: string, content: string): void;
  }

  interface MenuItemConstructorOptions {
    id?: string;
    label?: string;
    type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
    role?:
      | 'appMenu'
      | 'fileMenu'
      | 'editMenu'
      | 'viewMenu'
      | 'windowMenu'
      | 'help'
      | 'about'
      | 'undo'
      | 'redo'
      | 'cut'
      | 'copy'
      | 'paste'
      | 'selectAll'
      | 'reload'
      | 'forceReload'
      | 'toggleDevTools'
      | 'resetZoom'
      | 'zoomIn'
      | 'zoomOut'
      | 'togglefullscreen'
      | 'close'
      | 'quit';
    accelerator?: string;
    /** Linux and Windows: show the accelerator but let the page handle the key. */
    registerAccelerator?: boolean;
    enabled?: boolean;
    visible?: boolean;
    click?: () => void;
    submenu?: MenuItemConstructorOptions[];
  }

  class Menu {
    static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
    static setApplicationMenu(menu: Menu | null): void;
  }

  interface UtilityProcess extends EventEmitter {
    postMessage(message: unknown): void;
    kill(): boolean;
    on(event: 'message', listener: (message: unknown) => void): this;
    on(event: 'exit', listener: (code: number) => void): this;
    on(event: 'error', listener: (...args: unknown[]) => void): this;
  }

  interface ForkOptions {
    env?: NodeJS.ProcessEnv;
    execArgv?: string[];
    serviceName?: string;
    stdio?: 'pipe' | 'ignore' | 'inherit';
  }

  const utilityProcess: {
    fork(modulePath: string, args?: string[], options?: ForkOptions): UtilityProcess;
  };

  interface Session {
    setPermissionRequestHandler(
      handler:
        | ((
            webContents: WebContents,
            permission: string,
            callback: (permissionGranted: boolean) => void,
          ) => void)
        | null,
    ): void;
    setPermissionCheckHandler(
      handler:
        | ((
            webContents: WebContents | null,
            permission: string,
            requestingOrigin: string,
          ) => boolean)
        | null,
    ): void;
    setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void;
  }

  const session: { readonly defaultSession: Session };
  const app: App;
  const protocol: Protocol;
  const ipcMain: IpcMain;
  const ipcRenderer: IpcRenderer;
  const contextBridge: ContextBridge;
  const shell: Shell;
  const dialog: Dialog;
}
