import type { ErrorPayload } from './dispatch';

/**
 * Messages of the browser shell's WebSocket (`/ws?token=...`), each sent as one binary frame made
 * by wire-codec.ts. Requests carry an id; the server answers each id once. Events have no id.
 */
export interface WsRequest {
  id: number;
  channel: string;
  payload: unknown;
}

export type WsResponse =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ErrorPayload };

export interface WsEvent {
  event: string;
  payload: unknown;
}

export const WS_PATH = '/ws';
export const TOKEN_PARAM = 'token';
/**
 * The socket is authorised by a token in its URL, never by the cookie alone (the cookie reaches
 * this server from a page on any port of 127.0.0.1): the printed `token`, or the per-page token
 * the server writes into the page it serves, as `<meta name=PAGE_TOKEN_META content=…>`.
 */
export const PAGE_PARAM = 'page';
export const PAGE_TOKEN_META = 'latent-studio-page';
