import { BrowserWindow, dialog } from 'electron';
import type { Res } from '../contract/channels';

/**
 * The desktop answer to 'dialog.openFolder': the native folder picker, attached to the focused
 * window when there is one. A cancelled dialog is { path: null }, not an error.
 */
export async function openFolderDialog(): Promise<Res<'dialog.openFolder'>> {
  const options = {
    title: 'Choose a folder of training images',
    buttonLabel: 'Choose folder',
    properties: ['openDirectory' as const],
  };
  const win = BrowserWindow.getFocusedWindow();
  const result = win
    ? await dialog.showOpenDialog(win, options)
    : await dialog.showOpenDialog(options);
  return { path: result.canceled ? null : (result.filePaths[0] ?? null) };
}
