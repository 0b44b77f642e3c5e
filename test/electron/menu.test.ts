import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL } from '../../main/contract/electron-bridge';
import {
  buildMenuTemplate,
  importModelFromDialog,
  installMenu,
  MENU_EVENT,
} from '../../main/electron/menu';
import { BrowserWindow, dialog, Menu, resetFakeElectron, type FakeMenuItem } from './fake-electron';
import { createFakeStudio, type FakeStudio } from './fake-studio';

vi.mock('electron', () => import('./fake-electron'));

function find(items: FakeMenuItem[] | undefined, label: string): FakeMenuItem {
  for (const item of items ?? []) {
    if (item.label === label) return item;
    const inner = item.submenu && find(item.submenu, label);
    if (inner?.label === label) return inner;
  }
  return {};
}

function appliedTemplate(): FakeMenuItem[] {
  if (!Menu.applied) throw new Error('no application menu');
  return Menu.applied.template;
}

describe('application menu', () => {
  let studio: FakeStudio;
  let win: BrowserWindow;
  beforeEach(() => {
    resetFakeElectron();
    studio = createFakeStudio();
    win = new BrowserWindow();
    BrowserWindow.focused = win;
    installMenu(studio, { isMac: false, isDev: false });
  });

  it('has File, Edit, View, Help (plus app and window menus on mac)', () => {
    expect(appliedTemplate().map((m) => m.label ?? m.role)).toEqual([
      'File',
      'Edit',
      'View',
      'help',
    ]);
    const mac = buildMenuTemplate(
      { command: () => {}, importModel: () => {} },
      { isMac: true, isDev: true },
    );
    expect(mac.map((m) => m.label ?? m.role)).toEqual([
      'appMenu',
      'File',
      'Edit',
      'View',
      'windowMenu',
      'help',
    ]);
    const file = appliedTemplate()[0]?.submenu?.map((m) => m.label ?? m.role ?? m.type);
    expect(file).toEqual([
      'Open PNG…',
      'Import model…',
      'separator',
      'Export…',
      'separator',
      'quit',
    ]);
  });

  it('keeps devtools out of packaged builds', () => {
    const roles = (isDev: boolean) =>
      buildMenuTemplate({ command: () => {}, importModel: () => {} }, { isMac: false, isDev })
        .flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []))
        .map((m) => m.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('sends UI commands to the focused window as menu.command events', () => {
    find(appliedTemplate(), 'Open PNG…').click?.();
    find(appliedTemplate(), 'Export…').click?.();
    find(appliedTemplate(), 'About Latent Studio').click?.();
    expect(win.webContents.sent).toEqual([
      [EVENT_CHANNEL, MENU_EVENT, { id: 'file.openPng' }],
      [EVENT_CHANNEL, MENU_EVENT, { id: 'file.export' }],
      [EVENT_CHANNEL, MENU_EVENT, { id: 'help.about' }],
    ]);
  });

  it('imports the chosen model through models.import and tells the window', async () => {
    dialog.nextOpen = { canceled: false, filePaths: ['/models/gen.onnx'] };
    await importModelFromDialog(studio);
    expect(studio.calls).toEqual([
      { channel: 'models.import', request: { path: '/models/gen.onnx' } },
    ]);
    expect(win.webContents.sent).toEqual([
      [EVENT_CHANNEL, MENU_EVENT, { id: 'file.modelImported', modelId: 'imported-1' }],
    ]);
    expect(dialog.errors).toEqual([]);
  });

  it('does nothing when the dialog is cancelled', async () => {
    await importModelFromDialog(studio);
    expect(dialog.openCalls).toBe(1);
    expect(studio.calls).toEqual([]);
    expect(win.webContents.sent).toEqual([]);
  });

  it('shows a rejected model as an error box in words', async () => {
    dialog.nextOpen = { canceled: false, filePaths: ['/models/notes.txt'] };
    await importModelFromDialog(studio);
    expect(dialog.errors).toEqual([
      { title: 'Could not import the model', content: 'Not a model: a text file' },
    ]);
    expect(win.webContents.sent).toEqual([]);
  });
});
