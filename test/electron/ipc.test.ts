import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../main/contract/electron-bridge';
import type { DispatchResult } from '../../main/contract/dispatch';
import { broadcast, isTrustedSender, registerIpc } from '../../main/electron/ipc';
import { BrowserWindow, ipcMain, resetFakeElectron } from './fake-electron';
import { createFakeStudio, type FakeStudio } from './fake-studio';

vi.mock('electron', () => import('./fake-electron'));

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}
const appFrame: FakeFrame = { url: 'app://renderer/index.html', parent: null };

function invoke(
  frame: FakeFrame | null,
  channel: unknown,
  payload: unknown,
): Promise<DispatchResult> {
  const handler = ipcMain.handlers.get(INVOKE_CHANNEL) as
    | ((
        event: { senderFrame: FakeFrame | null },
        channel: unknown,
        payload: unknown,
      ) => Promise<DispatchResult>)
    | undefined;
  if (!handler) throw new Error('no IPC handler registered');
  return handler({ senderFrame: frame }, channel, payload);
}

describe('registerIpc', () => {
  let studio: FakeStudio;
  let dispose: () => void;
  beforeEach(() => {
    resetFakeElectron();
    studio = createFakeStudio();
    dispose = registerIpc(studio);
  });

  it('answers a valid request from the app:// window through dispatch', async () => {
    const result = await invoke(appFrame, 'app.info', {});
    expect(result).toMatchObject({
      ok: true,
      value: { shell: 'electron', appVersion: '0.0.0-test' },
    });
    expect(studio.calls).toEqual([{ channel: 'app.info', request: {} }]);
  });

  it('rejects a malformed payload with BAD_REQUEST before the handler runs', async () => {
    const result = await invoke(appFrame, 'models.import', { path: 42 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('BAD_REQUEST');
    expect(result.error.message).toContain('models.import');
    expect(await invoke(appFrame, 'models.import', null)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(studio.calls).toEqual([]);
  });

  it('rejects unknown channels, including prototype names', async () => {
    for (const channel of ['fs.readFile', '__proto__', 'constructor', 42, undefined]) {
      expect(await invoke(appFrame, channel, {})).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL' },
      });
    }
    expect(studio.calls).toEqual([]);
  });

  it('refuses senders that are not the top-level app://renderer document', async () => {
    const senders: Array<FakeFrame | null> = [
      { url: 'https://evil.example/index.html', parent: null },
      { url: 'http://127.0.0.1:5173/', parent: null },
      { url: 'file:///tmp/index.html', parent: null },
      { url: 'app://other/index.html', parent: null },
      { url: 'app://renderer.evil/index.html', parent: null },
      { url: 'app://renderer/frame.html', parent: appFrame },
      null,
    ];
    for (const frame of senders) {
      const result = await invoke(frame, 'app.info', {});
      expect(result, frame?.url ?? 'null frame').toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST' },
      });
    }
    expect(studio.calls).toEqual([]);
  });

  it('reports handler failures as typed errors', async () => {
    const result = await invoke(appFrame, 'models.import', { path: '/tmp/notes.txt' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'MODEL_REJECTED', message: 'Not a model: a text file' },
    });
  });

  it('forwards engine events to every live window on the event channel', () => {
    const a = new BrowserWindow();
    const b = new BrowserWindow();
    const closed = new BrowserWindow();
    closed.destroyed = true;
    const progress = { jobId: 'j1', done: 1, total: 4, label: 'Rendering' };
    studio.emit('job.progress', progress);
    expect(a.webContents.sent).toEqual([[EVENT_CHANNEL, 'job.progress', progress]]);
    expect(b.webContents.sent).toEqual([[EVENT_CHANNEL, 'job.progress', progress]]);
    expect(closed.webContents.sent).toEqual([]);
  });

  it('disposer removes the handler and the event subscription', () => {
    expect(studio.listenerCount()).toBe(1);
    dispose();
    expect(ipcMain.handlers.has(INVOKE_CHANNEL)).toBe(false);
    expect(studio.listenerCount()).toBe(0);
    // registering again works (no duplicate-handler error)
    registerIpc(studio);
    expect(ipcMain.handlers.has(INVOKE_CHANNEL)).toBe(true);
  });
});

describe('isTrustedSender / broadcast', () => {
  beforeEach(() => resetFakeElectron());

  it('trusts only the app origin', () => {
    expect(isTrustedSender({ senderFrame: appFrame } as never)).toBe(true);
    expect(
      isTrustedSender({ senderFrame: { url: 'app://renderer/', parent: null } } as never),
    ).toBe(true);
    expect(isTrustedSender({ senderFrame: { url: 'not a url', parent: null } } as never)).toBe(
      false,
    );
  });

  it('broadcast sends shell messages such as menu.command', () => {
    const win = new BrowserWindow();
    broadcast('menu.command', { id: 'file.export' });
    expect(win.webContents.sent).toEqual([[EVENT_CHANNEL, 'menu.command', { id: 'file.export' }]]);
  });
});
