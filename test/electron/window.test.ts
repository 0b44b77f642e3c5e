import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createMainWindow,
  isExternalWebUrl,
  mainWindowOptions,
  WINDOW_BACKGROUND,
} from '../../main/electron/window';
import { BrowserWindow, resetFakeElectron, shell } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const PRELOAD = '/app/dist/preload/preload.cjs';

describe('main window', () => {
  beforeEach(() => resetFakeElectron());

  it('has the security flags on, Node off, and the sandboxed preload', () => {
    const prefs = mainWindowOptions(PRELOAD).webPreferences;
    expect(prefs).toMatchObject({
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('creates the window hidden with a dark background, loads app://, shows when ready', () => {
    const win = createMainWindow(PRELOAD) as unknown as BrowserWindow;
    expect(win).toBeInstanceOf(BrowserWindow);
    expect(win.options).toEqual(mainWindowOptions(PRELOAD));
    expect(win.options).toMatchObject({
      show: false,
      backgroundColor: WINDOW_BACKGROUND,
      title: 'Latent Studio',
    });
    expect(win.loadedUrl).toBe('app://renderer/index.html');
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('denies navigation and redirects away from app://renderer', () => {
    const { webContents } = createMainWindow(PRELOAD) as unknown as BrowserWindow;
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'app://other/index.html',
      'javascript:alert(1)',
      'data:text/html,<h1>x</h1>',
    ]) {
      expect(webContents.navigate('will-navigate', url), url).toBe(true);
      expect(webContents.navigate('will-redirect', url), url).toBe(true);
    }
    expect(webContents.navigate('will-navigate', 'app://renderer/index.html#/grid')).toBe(false);
    expect(webContents.attachWebview()).toBe(true);
  });

  it('denies every new window; only http(s) links go to the system browser', () => {
    const { webContents } = createMainWindow(PRELOAD) as unknown as BrowserWindow;
    expect(webContents.openWindow('https://onnx.ai/')).toBe('deny');
    expect(webContents.openWindow('http://example.com/a')).toBe('deny');
    expect(webContents.openWindow('app://renderer/index.html')).toBe('deny');
    expect(webContents.openWindow('file:///etc/passwd')).toBe('deny');
    expect(webContents.openWindow('javascript:alert(1)')).toBe('deny');
    expect(shell.opened).toEqual(['https://onnx.ai/', 'http://example.com/a']);
  });

  it('isExternalWebUrl accepts only http and https', () => {
    expect(isExternalWebUrl('https://a.b')).toBe(true);
    expect(isExternalWebUrl('mailto:a@b.c')).toBe(false);
    expect(isExternalWebUrl('smb://host/share')).toBe(false);
    expect(isExternalWebUrl('nonsense')).toBe(false);
  });
});
