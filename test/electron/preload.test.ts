import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BRIDGE_KEY,
  EVENT_CHANNEL,
  INVOKE_CHANNEL,
  type ElectronBridge,
} from '../../main/contract/electron-bridge';
import { contextBridge, ipcRenderer, resetFakeElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

describe('preload bridge', () => {
  let bridge: ElectronBridge;
  beforeAll(async () => {
    resetFakeElectron();
    await import('../../preload/preload');
    bridge = contextBridge.exposed.get(BRIDGE_KEY) as ElectronBridge;
  });

  it('exposes exactly { invoke, on } under window.latentStudio', () => {
    expect(BRIDGE_KEY).toBe('latentStudio');
    expect([...contextBridge.exposed.keys()]).toEqual([BRIDGE_KEY]);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
  });

  it('invoke goes through the single invoke channel and returns the DispatchResult', async () => {
    ipcRenderer.reply = { ok: false, error: { code: 'BAD_REQUEST', message: 'no' } };
    const result = await bridge.invoke('models.import', { path: 1 });
    expect(ipcRenderer.invocations).toEqual([[INVOKE_CHANNEL, 'models.import', { path: 1 }]]);
    expect(result).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: 'no' } });
  });

  it('on() filters the event channel by name and unsubscribes', () => {
    const got: unknown[] = [];
    const off = bridge.on('job.progress', (payload) => got.push(payload));
    ipcRenderer.emit(EVENT_CHANNEL, {}, 'job.progress', { done: 1 });
    ipcRenderer.emit(EVENT_CHANNEL, {}, 'menu.command', { id: 'export-selected' });
    ipcRenderer.emit('some-other-channel', {}, 'job.progress', { done: 9 });
    expect(got).toEqual([{ done: 1 }]);
    off();
    ipcRenderer.emit(EVENT_CHANNEL, {}, 'job.progress', { done: 2 });
    expect(got).toEqual([{ done: 1 }]);
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(0);
  });
});
