import type { WebSocket } from 'ws';
import { dispatch } from '../contract/dispatch';
import { decodeMessage, encodeMessage } from '../contract/wire-codec';
import type { WsEvent, WsRequest, WsResponse } from '../contract/ws-protocol';
import type { Studio } from '../engine/studio';

function isRequest(v: unknown): v is WsRequest {
  return (
    typeof v === 'object' && v !== null && typeof (v as WsRequest).id === 'number' && 'channel' in v
  );
}

/**
 * One browser connection: every binary frame is a request, answered through the same dispatch gate
 * as Electron IPC; engine events are pushed to the socket until it closes.
 */
export function attachSession(socket: WebSocket, studio: Studio): void {
  const send = (message: WsResponse | WsEvent) => {
    if (socket.readyState === socket.OPEN) socket.send(encodeMessage(message));
  };
  const unsubscribe = studio.onEvent((event, payload) => send({ event, payload }));
  socket.on('close', unsubscribe);
  socket.on('message', (data, isBinary) => {
    let request: unknown;
    try {
      if (!isBinary) throw new Error('text frames are not accepted');
      const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      request = decodeMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (err) {
      const message = `Malformed message: ${err instanceof Error ? err.message : String(err)}`;
      send({ id: -1, ok: false, error: { code: 'BAD_REQUEST', message } });
      return;
    }
    if (!isRequest(request)) {
      send({
        id: -1,
        ok: false,
        error: { code: 'BAD_REQUEST', message: 'Malformed message: no id or channel' },
      });
      return;
    }
    const { id, channel, payload } = request;
    void dispatch(studio.handlers, channel, payload).then((result) =>
      send(
        result.ok ? { id, ok: true, value: result.value } : { id, ok: false, error: result.error },
      ),
    );
  });
}
