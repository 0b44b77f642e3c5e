import { BRIDGE_KEY, type ElectronBridge } from '../../../main/contract/electron-bridge';
import { PAGE_TOKEN_META } from '../../../main/contract/ws-protocol';
import { ElectronClient } from './electron-client';
import type { StudioTransport } from './types';
import { WsClient, wsUrl } from './ws-client';

export type { ConnectionState, StudioTransport } from './types';

/** Electron when preload exposed the bridge, otherwise the loopback server's WebSocket. */
export function createTransport(win: Window = window): StudioTransport {
  const bridge = (win as unknown as Record<string, ElectronBridge | undefined>)[BRIDGE_KEY];
  if (bridge) return new ElectronClient(bridge);
  const page = win.document.querySelector(`meta[name="${PAGE_TOKEN_META}"]`);
  return new WsClient(wsUrl(win.location, page?.getAttribute('content')));
}
