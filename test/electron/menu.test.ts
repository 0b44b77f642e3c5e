import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { menuCommandSchema } from '../../main/contract/command-ids';
import { EVENT_CHANNEL } from '../../main/contract/electron-bridge';
import {
  buildMenuTemplate,
  importModelFromDialog,
  installMenu,
  MENU_EVENT,
} from '../../main/electron/menu';
import { fixtureModel, openTempStudio } from '../support/temp-studio';
import { BrowserWindow, dialog, Menu, resetFakeElectron, type FakeMenuItem } from './fake-electron';
import { recordCalls, type RecordingStudio } from './recording-studio';

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
  let temp: Awaited<ReturnType<typeof openTempStudio>>;
  let studio: RecordingStudio;
  let win: BrowserWindow;
  beforeEach(async () => {
    resetFakeElectron();
    temp = await openTempStudio('electron');
    studio = recordCalls(temp.studio);
    win = new BrowserWindow();
    BrowserWindow.focused = win;
    installMenu(studio, { isMac: false, isDev: false });
  });
  afterEach(() => temp.close());

  /** Models in the real library that came from an import (not the bundled placeholders). */
  const importedModels = async () =>
    (await temp.studio.handlers['models.list']({})).models.filter((m) => m.source === 'imported');

  it('has File, Edit, View, Training, Help (plus app and window menus on mac)', () => {
    expect(appliedTemplate().map((m) => m.label ?? m.role)).toEqual([
      'File',
      'Edit',
      'View',
      'Training',
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
      'Training',
      'windowMenu',
      'help',
    ]);
    const file = appliedTemplate()[0]?.submenu?.map((m) => m.label ?? m.role ?? m.type);
    expect(file).toEqual([
      'New project',
      'Open project…',
      'Save project',
      'Save project as…',
      'separator',
      'Open PNG…',
      'Import model…',
      'separator',
      'Export…',
      'Export video…',
      'separator',
      'quit',
    ]);
  });

  it('shows command shortcuts but leaves the keys to the page (one registry, text fields keep their undo)', () => {
    const undo = find(appliedTemplate(), 'Undo');
    const redo = find(appliedTemplate(), 'Redo');
    expect(undo).toMatchObject({ accelerator: 'CmdOrCtrl+Z', registerAccelerator: false });
    expect(redo).toMatchObject({ accelerator: 'CmdOrCtrl+Shift+Z', registerAccelerator: false });
    // Import model is done by main itself, so its accelerator stays registered.
    expect(find(appliedTemplate(), 'Import model…').registerAccelerator).toBeUndefined();
    const roles = appliedTemplate()
      .flatMap((m) => m.submenu ?? [])
      .map((m) => m.role);
    expect(roles).not.toContain('undo');
    expect(roles).not.toContain('redo');
  });

  it('keeps devtools out of packaged builds', () => {
    const roles = (isDev: boolean) =>
      buildMenuTemplate({ command: () => {}, importModel: () => {} }, { isMac: false, isDev })
        .flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []))
        .map((m) => m.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('sends command ids to the focused window as menu.command events, each one a valid command', () => {
    const labels = [
      'Open PNG…',
      'Export…',
      'Undo',
      'Redo',
      'Save project',
      'Stop run',
      'About Latent Studio',
    ];
    for (const label of labels) find(appliedTemplate(), label).click?.();
    expect(win.webContents.sent).toEqual(
      ['open-png', 'export-selected', 'undo', 'redo', 'project-save', 'train-stop', 'about'].map(
        (id) => [EVENT_CHANNEL, MENU_EVENT, { id }],
      ),
    );
    for (const [, , payload] of win.webContents.sent)
      expect(menuCommandSchema.safeParse(payload).success).toBe(true);
  });

  it('imports the chosen model through models.import and tells the window', async () => {
    const gray = fixtureModel('gray.onnx');
    dialog.nextOpen = { canceled: false, filePaths: [gray] };
    await importModelFromDialog(studio);
    expect(dialog.errors).toEqual([]);
    expect(studio.calls).toEqual([{ channel: 'models.import', request: { path: gray } }]);
    const imported = await importedModels();
    expect(imported).toHaveLength(1);
    const modelId = imported[0]?.id;
    expect(modelId).toMatch(/^[0-9a-f]{12}$/);
    expect(win.webContents.sent).toEqual([
      [EVENT_CHANNEL, MENU_EVENT, { id: 'models-refresh', modelId }],
    ]);
  });

  it('does nothing when the dialog is cancelled', async () => {
    await importModelFromDialog(studio);
    expect(dialog.openCalls).toBe(1);
    expect(studio.calls).toEqual([]);
    expect(win.webContents.sent).toEqual([]);
  });

  it('shows a rejected model as an error box in words', async () => {
    dialog.nextOpen = { canceled: false, filePaths: [fixtureModel('classifier.onnx')] };
    await importModelFromDialog(studio);
    dialog.nextOpen = { canceled: false, filePaths: [fixtureModel('not-onnx.onnx')] };
    await importModelFromDialog(studio);
    expect(dialog.errors).toHaveLength(2);
    expect(dialog.errors.map((e) => e.title)).toEqual([
      'Could not import the model',
      'Could not import the model',
    ]);
    expect(dialog.errors[0]?.content).toMatch(/^"classifier\.onnx" is not a generator: \S/);
    expect(dialog.errors[1]?.content).toMatch(/^"not-onnx\.onnx" \S/);
    expect(win.webContents.sent).toEqual([]);
    expect(await importedModels()).toEqual([]);
  });
});
