import type { WebSocket } from 'ws';
import { dispatch } from '../contract/dispatch';
import { decodeMessage, encodeMessage } from '../contract/wire-codec';
import type { WsEvent, WsRequest, WsResponse } from '../contract/ws-protocol';
import type { Studio } from '../engine/studio';

export interface SessionLimits {
  /**
   * Bytes the server may hold for one client that is not reading them (the socket's send
   * buffer). Past this, replies become a small BUSY error and events are dropped, so a client
   * that never reads cannot make the server grow without bound.
   */
  maxQueuedBytes: number;
  /** Requests of one client being worked on at once; more are answered BUSY at once. */
  maxInFlight: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  maxQueuedBytes: 64 * 1024 * 1024,
  maxInFlight: 64,
};

/** The id of a request, when the message has a usable one (-1 answers everything else). */
function requestId(v: unknown): number {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return -1;
  const id = (v as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : -1;
}

function isRequest(v: unknown): v is WsRequest {
  return requestId(v) !== -1 && Object.hasOwn(v as object, 'channel');
}

const mib = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MiB`;

let connections = 0;

/**
 * One browser connection: every binary frame is a request, answered through the same dispatch gate
 * as Electron IPC; engine events are pushed to the socket until it closes. Nothing a client sends
 * can throw out of here: a bad frame or envelope gets a typed error (or, for a frame the WebSocket
 * protocol itself refuses, the connection is closed), and other clients are served on.
 */
export function attachSession(
  socket: WebSocket,
  studio: Studio,
  limits: SessionLimits = DEFAULT_SESSION_LIMITS,
): void {
  const connection = `ws${(connections += 1)}`;
  let inFlight = 0;
  let dropped = 0;
  const open = () => socket.readyState === socket.OPEN;
  const busy = (id: number, why: string): WsResponse => ({
    id,
    ok: false,
    error: {
      code: 'BUSY',
      message: `The engine did not run or send this request: ${why}. Nothing was lost; try again when the page has caught up.`,
    },
  });
  const send = (message: WsResponse | WsEvent) => {
    if (!open()) return;
    let bytes: Uint8Array;
    try {
      bytes = encodeMessage(message);
    } catch (err) {
      if (!('id' in message)) return;
      const why = err instanceof Error ? err.message : String(err);
      const error = { code: 'INTERNAL' as const, message: `The reply could not be sent: ${why}` };
      bytes = encodeMessage({ id: message.id, ok: false, error });
    }
    if (socket.bufferedAmount + bytes.byteLength > limits.maxQueuedBytes) {
      if (!('id' in message)) {
        dropped += 1; // events are news, not answers: a page this far behind skips some
        return;
      }
      bytes = encodeMessage(
        busy(
          message.id,
          `this page has ${mib(socket.bufferedAmount)} of replies it has not read yet (the limit is ${mib(limits.maxQueuedBytes)})`,
        ),
      );
    }
    socket.send(bytes, (err) => {
      if (err) socket.terminate();
    });
  };
  const unsubscribe = studio.onEvent((event, payload) => send({ event, payload }));
  socket.on('close', unsubscribe);
  // Invalid frames, oversized messages and resets arrive here; the ws library then closes the
  // connection with the matching status code. Without a listener they would crash the server.
  socket.on('error', (err) => {
    if (process.env.LATENT_STUDIO_DEBUG) console.warn(`${connection}: ${err.message}`);
  });
  socket.on('message', (data, isBinary) => {
    let request: unknown;
    try {
      if (!isBinary) throw new Error('text frames are not accepted');
      const bytes = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      request = decodeMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (err) {
      const message = `Malformed message: ${err instanceof Error ? err.message : String(err)}`;
      send({ id: -1, ok: false, error: { code: 'BAD_REQUEST', message } });
      return;
    }
    if (!isRequest(request)) {
      send({
        id: requestId(request),
        ok: false,
        error: { code: 'BAD_REQUEST', message: 'Malformed message: no numeric id or no channel' },
      });
      return;
    }
    const { id, channel, payload } = request;
    if (inFlight >= limits.maxInFlight) {
      send(busy(id, `this page already has ${limits.maxInFlight} requests being worked on`));
      return;
    }
    if (socket.bufferedAmount > limits.maxQueuedBytes) {
      send(busy(id, `this page has not read ${mib(socket.bufferedAmount)} of earlier replies`));
      return;
    }
    inFlight += 1;
    void dispatch(studio.handlers, channel, payload, { connection })
      .then(
        (result) =>
          send(
            result.ok
              ? { id, ok: true, value: result.value }
              : { id, ok: false, error: result.error },
          ),
        () => send({ id, ok: false, error: { code: 'INTERNAL', message: 'Unexpected error' } }),
      )
      .finally(() => (inFlight -= 1));
  });
  socket.on('close', () => {
    if (dropped && process.env.LATENT_STUDIO_DEBUG)
      console.warn(`${connection}: ${dropped} events dropped`);
  });
}
