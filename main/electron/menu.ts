import { BrowserWindow, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import { dispatch } from '../contract/dispatch';
import { sendToWindow, type StudioPort } from './ipc';

/**
 * The application menu. Menu items that belong to the UI are sent to the focused window as a
 * 'menu.command' event on the bridge's event channel (the renderer subscribes with
 * window.latentStudio.on('menu.command', ({ id }) => ...)); importing a model needs a file path, so
 * main shows the dialog and calls models.import itself (through dispatch, like any request).
 */

export const MENU_EVENT = 'menu.command';

export type MenuCommandId =
  /** Renderer opens its PNG picker (a sandboxed page reads the bytes and calls png.read). */
  | 'file.openPng'
  /** Renderer opens its export panel. */
  | 'file.export'
  /** A model was imported from the menu; payload has modelId so the UI can refresh and select it. */
  | 'file.modelImported'
  | 'help.about';

export interface MenuCommand {
  id: MenuCommandId;
  modelId?: string;
}

export interface MenuActions {
  command(id: MenuCommandId): void;
  importModel(): void;
}

export function buildMenuTemplate(
  actions: MenuActions,
  options: { isMac: boolean; isDev: boolean },
): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      {
        label: 'Open PNG…',
        accelerator: 'CmdOrCtrl+O',
        click: () => actions.command('file.openPng'),
      },
      { label: 'Import model…', accelerator: 'CmdOrCtrl+I', click: () => actions.importModel() },
      { type: 'separator' },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => actions.command('file.export') },
      { type: 'separator' },
      options.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(options.isDev
        ? ([
            { role: 'reload' },
            { role: 'toggleDevTools' },
            { type: 'separator' },
          ] as MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: 'About Latent Studio', click: () => actions.command('help.about') }],
  };
  return [
    ...(options.isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    edit,
    view,
    ...(options.isMac ? [{ role: 'windowMenu' } as MenuItemConstructorOptions] : []),
    help,
  ];
}

function targetWindow(): BrowserWindow | undefined {
  return BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
}

/** Shows the open dialog and imports the chosen model; errors are shown in words. */
export async function importModelFromDialog(studio: StudioPort): Promise<void> {
  const win = targetWindow();
  const options = {
    title: 'Import model',
    buttonLabel: 'Import',
    properties: ['openFile' as const],
    filters: [
      { name: 'Generator models', extensions: ['onnx', 'json'] },
      { name: 'ONNX model', extensions: ['onnx'] },
      { name: 'TensorFlow.js model (model.json)', extensions: ['json'] },
    ],
  };
  const picked = win
    ? await dialog.showOpenDialog(win, options)
    : await dialog.showOpenDialog(options);
  const path = picked.filePaths[0];
  if (picked.canceled || path === undefined) return;
  const result = await dispatch(studio.handlers, 'models.import', { path });
  if (!result.ok) {
    dialog.showErrorBox('Could not import the model', result.error.message);
    return;
  }
  const { model } = result.value as { model: { id: string } };
  const target = targetWindow();
  if (target)
    sendToWindow(target, MENU_EVENT, {
      id: 'file.modelImported',
      modelId: model.id,
    } satisfies MenuCommand);
}

export function installMenu(studio: StudioPort, options: { isMac: boolean; isDev: boolean }): void {
  const actions: MenuActions = {
    command: (id) => {
      const win = targetWindow();
      if (win) sendToWindow(win, MENU_EVENT, { id } satisfies MenuCommand);
    },
    importModel: () => {
      importModelFromDialog(studio).catch((err: unknown) => {
        dialog.showErrorBox(
          'Could not import the model',
          err instanceof Error ? err.message : String(err),
        );
      });
    },
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(actions, options)));
}
