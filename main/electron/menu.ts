import { BrowserWindow, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import type { CommandId, MenuCommand } from '../contract/command-ids';
import { dispatch } from '../contract/dispatch';
import { sendToWindow, type StudioPort } from './ipc';

/**
 * The application menu. Items that belong to the UI send their command id (main/contract/
 * command-ids.ts) to the focused window as a 'menu.command' event; the renderer runs that command
 * exactly as its keys, palette and buttons do. Their shortcuts are shown here but handled by the
 * page (registerAccelerator: false), so a key never runs a command twice and text fields keep
 * their own undo while focused. Importing a model needs a file path, so main shows the dialog
 * and calls models.import itself (through dispatch, like any request).
 */

export const MENU_EVENT = 'menu.command';

export interface MenuActions {
  command(id: CommandId): void;
  importModel(): void;
}

export function buildMenuTemplate(
  actions: MenuActions,
  options: { isMac: boolean; isDev: boolean },
): MenuItemConstructorOptions[] {
  const item = (
    label: string,
    id: CommandId,
    accelerator?: string,
  ): MenuItemConstructorOptions => ({
    label,
    click: () => actions.command(id),
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
  });
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      item('New project', 'project-new', 'CmdOrCtrl+N'),
      item('Open project…', 'project-open', 'CmdOrCtrl+Shift+O'),
      item('Save project', 'project-save', 'CmdOrCtrl+S'),
      item('Save project as…', 'project-save-as', 'CmdOrCtrl+Shift+S'),
      { type: 'separator' },
      item('Open PNG…', 'open-png', 'CmdOrCtrl+O'),
      { label: 'Import model…', accelerator: 'CmdOrCtrl+I', click: () => actions.importModel() },
      { type: 'separator' },
      item('Export…', 'export-selected', 'CmdOrCtrl+E'),
      item('Export video…', 'export-video', 'CmdOrCtrl+Shift+E'),
      { type: 'separator' },
      options.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      item('Undo', 'undo', 'CmdOrCtrl+Z'),
      item('Redo', 'redo', 'CmdOrCtrl+Shift+Z'),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      item('Select all', 'select-all', 'CmdOrCtrl+A'),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      item('Explore', 'screen-explore', '1'),
      item('Train', 'screen-train', '2'),
      item('Evaluate', 'screen-evaluate', '3'),
      item('Text', 'screen-text', '4'),
      item('Command palette', 'command-palette', 'CmdOrCtrl+K'),
      { type: 'separator' },
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
  // The run controls, so a run can be paused or stopped from any screen (the renderer runs each
  // command only when train.state allows it).
  const training: MenuItemConstructorOptions = {
    label: 'Training',
    submenu: [
      item('Scan folder', 'train-scan'),
      item('Start run', 'train-start'),
      item('Pause run', 'train-pause'),
      item('Resume run', 'train-resume'),
      item('Stop run', 'train-stop'),
      { type: 'separator' },
      item('Open trained model', 'train-open-model'),
      item('Export as PyTorch job…', 'train-export-job'),
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [item('Keyboard shortcuts', 'shortcuts', '?'), item('About Latent Studio', 'about')],
  };
  return [
    ...(options.isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    edit,
    view,
    training,
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
  // The renderer refreshes its model list and selects the new one.
  if (target)
    sendToWindow(target, MENU_EVENT, {
      id: 'models-refresh',
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
