import {
  isStudioErrorCode,
  StudioError,
  type ChannelName,
  type EventName,
  type EventPayload,
  type Req,
  type Res,
} from '../../../main/contract/channels';
import { decodeMessage, encodeMessage } from '../../../main/contract/wire-codec';
import {
  PAGE_PARAM,
  TOKEN_PARAM,
  WS_PATH,
  type WsEvent,
  type WsRequest,
  type WsResponse,
} from '../../../main/contract/ws-protocol';
import type { ConnectionState, StudioTransport } from './types';

/** The part of the browser WebSocket this client uses (so tests can pass a fake). */
export interface SocketLike {
  binaryType: string;
  send(data: Uint8Array): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface WsClientOptions {
  createSocket?: (url: string) => SocketLike;
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: StudioError): void;
}

/**
 * The socket's URL: the printed token when the page was opened with it, else the per-page token
 * the server wrote into this page (the cookie alone does not open the socket).
 */
export function wsUrl(
  loc: { protocol: string; host: string; search: string },
  pageToken?: string | null,
): string {
  const token = new URLSearchParams(loc.search).get(TOKEN_PARAM);
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  const auth =
    token === null && pageToken
      ? `${PAGE_PARAM}=${encodeURIComponent(pageToken)}`
      : `${TOKEN_PARAM}=${encodeURIComponent(token ?? '')}`;
  return `${scheme}://${loc.host}${WS_PATH}?${auth}`;
}

/**
 * StudioApi over the loopback server's WebSocket: one binary frame per message (wire-codec),
 * numbered requests, pushed events, and automatic reconnection with backoff. Requests made before
 * the first connection wait for it; requests made while disconnected fail at once, in words.
 */
export class WsClient implements StudioTransport {
  readonly kind = 'websocket';
  private socket: SocketLike | null = null;
  private state: ConnectionState = 'connecting';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private queue: Uint8Array[] = [];
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly createSocket: (url: string) => SocketLike;
  private readonly baseDelay: number;
  private readonly maxDelay: number;
  private delay: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly url: string,
    options: WsClientOptions = {},
  ) {
    this.createSocket = options.createSocket ?? ((u) => new WebSocket(u) as unknown as SocketLike);
    this.baseDelay = options.reconnectDelayMs ?? 500;
    this.maxDelay = options.maxReconnectDelayMs ?? 5000;
    this.delay = this.baseDelay;
    this.connect();
  }

  connectionState(): ConnectionState {
    return this.state;
  }

  onConnectionChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  invoke<C extends ChannelName>(channel: C, request: Req<C>): Promise<Res<C>> {
    if (this.closed)
      return Promise.reject(
        new StudioError('INTERNAL', 'The connection to the engine was closed.'),
      );
    if (this.state === 'disconnected') {
      return Promise.reject(
        new StudioError('INTERNAL', 'Not connected to the engine. Reconnecting…'),
      );
    }
    const id = this.nextId++;
    const message: WsRequest = { id, channel, payload: request };
    const bytes = encodeMessage(message);
    return new Promise<Res<C>>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.state === 'open' && this.socket) this.socket.send(bytes);
      else this.queue.push(bytes);
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close();
    }
    this.failAll('The connection to the engine was closed.');
    this.setState('disconnected');
  }

  private connect(): void {
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.url);
    } catch {
      this.handleClose();
      return;
    }
    this.socket = socket;
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      this.delay = this.baseDelay;
      this.setState('open');
      const queued = this.queue;
      this.queue = [];
      for (const bytes of queued) socket.send(bytes);
    };
    socket.onmessage = (ev) => this.handleMessage(ev.data);
    socket.onerror = () => undefined; // a close always follows
    socket.onclose = () => {
      if (this.socket === socket) this.handleClose();
    };
  }

  private handleClose(): void {
    this.socket = null;
    this.failAll('Lost the connection to the engine. Reconnecting…');
    this.setState('disconnected');
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, this.delay);
    this.delay = Math.min(this.delay * 2, this.maxDelay);
  }

  private failAll(message: string): void {
    this.queue = [];
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(new StudioError('INTERNAL', message));
  }

  private handleMessage(data: unknown): void {
    let message: unknown;
    try {
      const bytes =
        data instanceof ArrayBuffer
          ? new Uint8Array(data)
          : data instanceof Uint8Array
            ? data
            : null;
      if (!bytes) return;
      message = decodeMessage(bytes);
    } catch {
      return; // a malformed frame cannot be matched to a request
    }
    if (typeof message !== 'object' || message === null) return;
    if (typeof (message as WsResponse).id === 'number') {
      const response = message as WsResponse;
      const pending = this.pending.get(response.id);
      if (!pending) return;
      this.pending.delete(response.id);
      if (response.ok) pending.resolve(response.value);
      else {
        const code = isStudioErrorCode(response.error?.code) ? response.error.code : 'INTERNAL';
        pending.reject(
          new StudioError(code, String(response.error?.message ?? 'The engine reported an error.')),
        );
      }
      return;
    }
    const event = message as WsEvent;
    if (typeof event.event === 'string') {
      for (const listener of this.listeners.get(event.event) ?? []) listener(event.payload);
    }
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const l of this.stateListeners) l(state);
  }
}
