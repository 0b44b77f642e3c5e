import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNEL } from '../../main/contract/electron-bridge';
import { dispatch, type DispatchResult } from '../../main/contract/dispatch';
import { registerIpc } from '../../main/electron/ipc';
import { openTempStudio } from '../support/temp-studio';
import { BrowserWindow, dialog, ipcMain, resetFakeElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const appFrame = { url: 'app://renderer/index.html', parent: null };

function invoke(frame: { url: string; parent: null }, payload: unknown): Promise<DispatchResult> {
  const handler = ipcMain.handlers.get(INVOKE_CHANNEL) as
    | ((
        e: { senderFrame: unknown; sender: { id: number } },
        channel: unknown,
        payload: unknown,
      ) => Promise<DispatchResult>)
    | undefined;
  if (!handler) throw new Error('no IPC handler registered');
  return handler({ senderFrame: frame, sender: { id: 1 } }, 'dialog.openFolder', payload);
}

describe('dialog.openFolder', () => {
  let temp: Awaited<ReturnType<typeof openTempStudio>>;
  let dispose: () => void;
  beforeEach(async () => {
    resetFakeElectron();
    temp = await openTempStudio('electron');
    dispose = registerIpc(temp.studio);
  });
  afterEach(async () => {
    dispose();
    await temp.close();
  });

  it('returns the folder chosen in the native dialog, attached to the focused window', async () => {
    const showOpenDialog = vi.spyOn(dialog, 'showOpenDialog');
    BrowserWindow.focused = new BrowserWindow();
    dialog.nextOpen = { canceled: false, filePaths: ['/home/me/pictures/cats'] };
    expect(await invoke(appFrame, {})).toEqual({
      ok: true,
      value: { path: '/home/me/pictures/cats' },
    });
    const [parent, options] = showOpenDialog.mock.calls[0] as [unknown, { properties: string[] }];
    expect(parent).toBe(BrowserWindow.focused);
    expect(options.properties).toEqual(['openDirectory']);
  });

  it('gives { path: null } when the dialog is cancelled', async () => {
    dialog.nextOpen = { canceled: true, filePaths: [] };
    expect(await invoke(appFrame, {})).toEqual({ ok: true, value: { path: null } });
    expect(dialog.openCalls).toBe(1);
  });

  it('opens no dialog for a request from outside the app window', async () => {
    const result = await invoke({ url: 'https://example.com/', parent: null }, {});
    expect(result.ok).toBe(false);
    expect(dialog.openCalls).toBe(0);
  });

  it('is refused in words by the engine itself (browser shell and CLI have no dialog)', async () => {
    const result = await dispatch(temp.studio.handlers, 'dialog.openFolder', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(!result.ok && result.error.message).toMatch(/only in the desktop app/);
  });
});
