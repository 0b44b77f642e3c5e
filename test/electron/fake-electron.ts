import { EventEmitter } from 'node:events';

/**
 * A small in-memory stand-in for the parts of 'electron' that main/electron and preload use.
 * Tests install it with `vi.mock('electron', () => import('./fake-electron'))` (the one mock the
 * project allows) and inspect the recorded state; call resetFakeElectron() in beforeEach.
 */

type AnyListener = (...args: never[]) => unknown;

export interface FakeNavigationEvent {
  url: string;
  isSameDocument: boolean;
  isMainFrame: boolean;
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

function navigationEvent(url: string): FakeNavigationEvent {
  let prevented = false;
  return {
    url,
    isSameDocument: false,
    isMainFrame: true,
    preventDefault: () => {
      prevented = true;
    },
    get defaultPrevented() {
      return prevented;
    },
  };
}

type WindowOpenHandler = (details: {
  url: string;
  frameName: string;
  disposition: 'new-window';
}) => {
  action: 'allow' | 'deny';
};

export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: unknown[][] = [];
  windowOpenHandler: WindowOpenHandler | null = null;
  destroyed = false;

  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return '';
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  /** Emits will-navigate / will-redirect like Electron; true when a listener prevented it. */
  navigate(kind: 'will-navigate' | 'will-redirect', url: string): boolean {
    const event = navigationEvent(url);
    this.emit(kind, event, url);
    return event.defaultPrevented;
  }
  attachWebview(): boolean {
    const event = navigationEvent('');
    this.emit('will-attach-webview', event);
    return event.defaultPrevented;
  }
  openWindow(url: string): 'allow' | 'deny' | 'no handler' {
    return (
      this.windowOpenHandler?.({ url, frameName: '', disposition: 'new-window' }).action ??
      'no handler'
    );
  }
}

export class BrowserWindow extends EventEmitter {
  static all: BrowserWindow[] = [];
  static focused: BrowserWindow | null = null;
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.all.filter((w) => !w.destroyed);
  }
  static getFocusedWindow(): BrowserWindow | null {
    return BrowserWindow.focused;
  }

  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  shown = false;
  destroyed = false;

  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    BrowserWindow.all.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getTitle(): string {
    return typeof this.options.title === 'string' ? this.options.title : '';
  }
}

class FakeIpcMain {
  readonly handlers = new Map<string, AnyListener>();
  handle(channel: string, listener: AnyListener): void {
    // Electron throws on a second handler for the same channel; so does the fake.
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}
export const ipcMain = new FakeIpcMain();

class FakeIpcRenderer extends EventEmitter {
  readonly invocations: unknown[][] = [];
  reply: unknown = { ok: true, value: null };
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push([channel, ...args]);
    return Promise.resolve(this.reply);
  }
}
export const ipcRenderer = new FakeIpcRenderer();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  },
};

export const dialog = {
  nextOpen: { canceled: true, filePaths: [] as string[] },
  openCalls: 0,
  errors: [] as Array<{ title: string; content: string }>,
  showOpenDialog(..._args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    this.openCalls += 1;
    return Promise.resolve(this.nextOpen);
  },
  showErrorBox(title: string, content: string): void {
    this.errors.push({ title, content });
  },
};

export interface FakeMenuItem {
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  registerAccelerator?: boolean;
  click?: () => void;
  submenu?: FakeMenuItem[];
}

export class Menu {
  static applied: Menu | null = null;
  constructor(readonly template: FakeMenuItem[]) {}
  static buildFromTemplate(template: FakeMenuItem[]): Menu {
    return new Menu(template);
  }
  static setApplicationMenu(menu: Menu | null): void {
    Menu.applied = menu;
  }
}

export const protocol = {
  privileged: [] as Array<{ scheme: string; privileges?: Record<string, boolean> }>,
  handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  registerSchemesAsPrivileged(
    schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>,
  ): void {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    this.handlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  },
};

type PermissionRequestHandler = (
  contents: FakeWebContents,
  permission: string,
  callback: (granted: boolean) => void,
) => void;
type PermissionCheckHandler = (
  contents: FakeWebContents | null,
  permission: string,
  origin: string,
) => boolean;

export class FakeSession {
  requestHandler: PermissionRequestHandler | null = null;
  checkHandler: PermissionCheckHandler | null = null;
  deviceHandler: ((details: unknown) => boolean) | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.checkHandler = handler;
  }
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void {
    this.deviceHandler = handler;
  }
}

export const session = { defaultSession: new FakeSession() };

export function resetFakeElectron(): void {
  session.defaultSession = new FakeSession();
  BrowserWindow.all = [];
  BrowserWindow.focused = null;
  ipcMain.handlers.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invocations.length = 0;
  ipcRenderer.reply = { ok: true, value: null };
  contextBridge.exposed.clear();
  shell.opened.length = 0;
  dialog.nextOpen = { canceled: true, filePaths: [] };
  dialog.openCalls = 0;
  dialog.errors.length = 0;
  Menu.applied = null;
  protocol.privileged.length = 0;
  protocol.handlers.clear();
}
