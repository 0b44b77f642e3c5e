import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../main/contract/channels';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../main/contract/electron-bridge';
import type { DispatchResult } from '../../main/contract/dispatch';
import { APP_VERSION } from '../../main/engine/app-version';
import { broadcast, isTrustedSender, registerIpc } from '../../main/electron/ipc';
import { fixtureModel, openTempStudio } from '../support/temp-studio';
import { BrowserWindow, ipcMain, resetFakeElectron } from './fake-electron';
import { recordCalls, type RecordingStudio } from './recording-studio';

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
  senderId = 1,
): Promise<DispatchResult> {
  const handler = ipcMain.handlers.get(INVOKE_CHANNEL) as
    | ((
        event: { senderFrame: FakeFrame | null; sender: { id: number } },
        channel: unknown,
        payload: unknown,
      ) => Promise<DispatchResult>)
    | undefined;
  if (!handler) throw new Error('no IPC handler registered');
  return handler({ senderFrame: frame, sender: { id: senderId } }, channel, payload);
}

/** A small real render whose job reports progress: gray.onnx, two images, one chunk. */
const gridWithJob = (jobId: string) => ({
  modelId: fixtureModel('gray.onnx'),
  seed: 7,
  count: 2,
  jobId,
});

describe('registerIpc', () => {
  let temp: Awaited<ReturnType<typeof openTempStudio>>;
  let studio: RecordingStudio;
  let dispose: () => void;
  beforeEach(async () => {
    resetFakeElectron();
    temp = await openTempStudio('electron');
    studio = recordCalls(temp.studio);
    dispose = registerIpc(studio);
  });
  afterEach(async () => {
    dispose();
    await temp.close();
  });

  it('answers a valid request from the app:// window through dispatch', async () => {
    // Unknown keys are stripped by the channel's schema before the engine sees the request.
    const result = await invoke(appFrame, 'app.info', { extra: 'dropped' });
    expect(result).toMatchObject({
      ok: true,
      value: { appVersion: APP_VERSION, dataDir: temp.dataDir, shell: 'electron' },
    });
    expect(result).toEqual({ ok: true, value: await temp.studio.handlers['app.info']({}) });
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
    const classifier = fixtureModel('classifier.onnx');
    const rejected = await invoke(appFrame, 'models.import', { path: classifier });
    expect(rejected).toEqual({
      ok: false,
      error: {
        code: 'MODEL_REJECTED',
        message: expect.stringMatching(/^"classifier\.onnx" is not a generator: \S/) as unknown,
      },
    });
    const notOnnx = await invoke(appFrame, 'models.import', {
      path: fixtureModel('not-onnx.onnx'),
    });
    expect(notOnnx).toEqual({
      ok: false,
      error: {
        code: 'BAD_FILE',
        message: expect.stringMatching(/^"not-onnx\.onnx" \S/) as unknown,
      },
    });
    expect(studio.calls.map((c) => c.channel)).toEqual(['models.import', 'models.import']);
  });

  it('forwards engine events to every live window on the event channel', async () => {
    const a = new BrowserWindow();
    const b = new BrowserWindow();
    const closed = new BrowserWindow();
    closed.destroyed = true;
    const emitted: Array<[EventName, unknown]> = [];
    const stop = temp.studio.onEvent((event, payload) => emitted.push([event, payload]));
    const result = await invoke(appFrame, 'render.grid', gridWithJob('j1'));
    stop();
    expect(result.ok).toBe(true);
    expect(emitted).toContainEqual([
      'job.progress',
      { jobId: 'j1', done: 2, total: 2, label: 'Sampling' },
    ]);
    const forwarded = emitted.map(([event, payload]) => [EVENT_CHANNEL, event, payload]);
    expect(a.webContents.sent).toEqual(forwarded);
    expect(b.webContents.sent).toEqual(forwarded);
    expect(closed.webContents.sent).toEqual([]);
  });

  it('disposer removes the handler and the event subscription', async () => {
    const win = new BrowserWindow();
    expect(studio.liveSubscriptions()).toBe(1);
    dispose();
    expect(ipcMain.handlers.has(INVOKE_CHANNEL)).toBe(false);
    expect(studio.liveSubscriptions()).toBe(0);
    // the real engine still emits progress, but no window hears it any more
    const emitted: EventName[] = [];
    const stop = temp.studio.onEvent((event) => emitted.push(event));
    await temp.studio.handlers['render.grid'](gridWithJob('after-dispose'));
    stop();
    expect(emitted).toContain('job.progress');
    expect(win.webContents.sent).toEqual([]);
    // registering again works (no duplicate-handler error)
    dispose = registerIpc(studio);
    expect(ipcMain.handlers.has(INVOKE_CHANNEL)).toBe(true);
    expect(studio.liveSubscriptions()).toBe(1);
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
    broadcast('menu.command', { id: 'export-selected' });
    expect(win.webContents.sent).toEqual([
      [EVENT_CHANNEL, 'menu.command', { id: 'export-selected' }],
    ]);
  });
});
