import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { EventName, Handlers } from '../contract/channels';
import { dispatch, type DispatchResult } from '../contract/dispatch';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../contract/electron-bridge';
import { openFolderDialog } from './folder-dialog';
import { isAppUrl } from './protocol-paths';

/**
 * The only file in main that touches ipcMain. One invoke channel carries every request: the
 * sender frame must be our app:// renderer, then dispatch() validates the payload with the
 * channel's zod schema before any engine handler runs. Engine events fan out to every window on
 * one event channel as (eventName, payload).
 */

/** The part of the engine's Studio (main/engine/studio.ts) that the Electron shell needs. */
export interface StudioPort {
  handlers: Handlers;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
}

/** Only the top-level app:// document of our own windows may call the engine. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

const untrusted: DispatchResult = {
  ok: false,
  error: {
    code: 'BAD_REQUEST',
    message: 'Request refused: it did not come from the Latent Studio window.',
  },
};

/** Sends one event (engine event or shell message such as 'menu.command') to one window. */
export function sendToWindow(win: BrowserWindow, event: string, payload: unknown): void {
  if (win.isDestroyed() || win.webContents.isDestroyed()) return;
  win.webContents.send(EVENT_CHANNEL, event, payload);
}

/** Sends one event to every open window. */
export function broadcast(event: string, payload: unknown): void {
  for (const win of BrowserWindow.getAllWindows()) sendToWindow(win, event, payload);
}

export function registerIpc(studio: StudioPort): () => void {
  // Channels only the desktop can answer (a native dialog) replace the engine's refusals.
  const handlers: Handlers = { ...studio.handlers, 'dialog.openFolder': openFolderDialog };
  ipcMain.handle(
    INVOKE_CHANNEL,
    async (
      event: IpcMainInvokeEvent,
      channel: unknown,
      payload: unknown,
    ): Promise<DispatchResult> => {
      if (!isTrustedSender(event)) return untrusted;
      // Each window has its own live-frame streams (two windows never supersede each other).
      return dispatch(handlers, channel, payload, { connection: `window${event.sender.id}` });
    },
  );
  const unsubscribe = studio.onEvent((event, payload) => broadcast(event, payload));
  return () => {
    unsubscribe();
    ipcMain.removeHandler(INVOKE_CHANNEL);
  };
}
