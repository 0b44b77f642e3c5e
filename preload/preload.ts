import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DispatchResult } from '../main/contract/dispatch';
import {
  BRIDGE_KEY,
  EVENT_CHANNEL,
  INVOKE_CHANNEL,
  type ElectronBridge,
} from '../main/contract/electron-bridge';

/**
 * The sandboxed preload (bundled to dist/preload/preload.cjs, CommonJS): exposes exactly
 * window.latentStudio = { invoke, on } and nothing of ipcRenderer itself. Main checks the sender
 * and validates every payload, so nothing is parsed here. Imports only 'electron' and contract
 * constants (type imports vanish), keeping the bundle tiny.
 */
const bridge: ElectronBridge = {
  invoke: (channel, payload) =>
    ipcRenderer.invoke(INVOKE_CHANNEL, channel, payload) as Promise<DispatchResult>,
  on: (event, listener) => {
    const forward = (_e: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
