import { afterEach, describe, expect, it, vi } from 'vitest';
import { StudioError } from '../../../main/contract/channels';
import type { DispatchResult } from '../../../main/contract/dispatch';
import { decodeMessage, encodeMessage } from '../../../main/contract/wire-codec';
import type { WsRequest } from '../../../main/contract/ws-protocol';
import { ElectronClient } from './electron-client';
import { WsClient, wsUrl, type SocketLike } from './ws-client';

class FakeSocket implements SocketLike {
  binaryType = 'blob';
  sent: WsRequest[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: Uint8Array) {
    this.sent.push(decodeMessage(data) as WsRequest);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.({});
  }
  reply(message: unknown) {
    const bytes = encodeMessage(message);
    this.onmessage?.({
      data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    });
  }
  drop() {
    this.onclose?.({});
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const client = new WsClient('ws://h/ws?token=t', {
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    reconnectDelayMs: 10,
  });
  return { client, sockets, socket: () => sockets[sockets.length - 1]! };
}

afterEach(() => vi.useRealTimers());

describe('wsUrl', () => {
  it('builds the socket url from the page location and token', () => {
    expect(wsUrl({ protocol: 'http:', host: '127.0.0.1:5000', search: '?token=a b' })).toBe(
      'ws://127.0.0.1:5000/ws?token=a%20b',
    );
    expect(wsUrl({ protocol: 'https:', host: 'x', search: '' })).toBe('wss://x/ws?token=');
  });
});

describe('WsClient', () => {
  it('queues until open, matches responses by id and keeps pixels binary', async () => {
    const { client, socket } = setup();
    expect(client.connectionState()).toBe('connecting');
    const p = client.invoke('app.info', {});
    const q = client.invoke('render.frame', { modelId: 'm', latent: { kind: 'seed', seed: 1 } });
    expect(socket().sent).toHaveLength(0);
    socket().open();
    expect(socket().binaryType).toBe('arraybuffer');
    expect(socket().sent.map((m) => m.channel)).toEqual(['app.info', 'render.frame']);
    const [a, b] = socket().sent;
    const rgba = new Uint8Array([1, 2, 3, 4]);
    socket().reply({
      id: b!.id,
      ok: true,
      value: { frame: { width: 1, height: 1, rgba, seed: 1 } },
    });
    socket().reply({
      id: a!.id,
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such model' },
    });
    const frame = (await q).frame;
    expect(frame.rgba).toBeInstanceOf(Uint8Array);
    expect([...frame.rgba]).toEqual([1, 2, 3, 4]);
    await expect(p).rejects.toMatchObject({
      name: 'StudioError',
      code: 'NOT_FOUND',
      message: 'No such model',
    });
  });

  it('delivers events to subscribers until they unsubscribe', () => {
    const { client, socket } = setup();
    socket().open();
    const seen: number[] = [];
    const off = client.on('job.progress', (p) => seen.push(p.done));
    socket().reply({
      event: 'job.progress',
      payload: { jobId: 'j', done: 1, total: 2, label: 'x' },
    });
    off();
    socket().reply({
      event: 'job.progress',
      payload: { jobId: 'j', done: 2, total: 2, label: 'x' },
    });
    expect(seen).toEqual([1]);
  });

  it('rejects pending requests on close, says disconnected, and reconnects', async () => {
    vi.useFakeTimers();
    const { client, sockets, socket } = setup();
    const states: string[] = [];
    client.onConnectionChange((s) => states.push(s));
    socket().open();
    const p = client.invoke('models.list', {});
    socket().drop();
    await expect(p).rejects.toBeInstanceOf(StudioError);
    expect(client.connectionState()).toBe('disconnected');
    await expect(client.invoke('models.list', {})).rejects.toThrow(/Not connected/);
    vi.advanceTimersByTime(10);
    expect(sockets).toHaveLength(2);
    socket().open();
    expect(states).toEqual(['open', 'disconnected', 'open']);
    client.close();
    expect(socket().closed).toBe(true);
  });
});

describe('ElectronClient', () => {
  it('unwraps results and throws StudioError for failures', async () => {
    const results: DispatchResult[] = [
      { ok: true, value: { models: [] } },
      { ok: false, error: { code: 'BAD_REQUEST', message: 'Invalid request' } },
    ];
    const calls: string[] = [];
    const client = new ElectronClient({
      invoke: (channel) => {
        calls.push(channel);
        return Promise.resolve(results.shift()!);
      },
      on: () => () => undefined,
    });
    await expect(client.invoke('models.list', {})).resolves.toEqual({ models: [] });
    await expect(client.invoke('models.list', {})).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(calls).toEqual(['models.list', 'models.list']);
    expect(client.connectionState()).toBe('open');
  });

  it('wraps bridge failures in words', async () => {
    const client = new ElectronClient({
      invoke: () => Promise.reject(new Error('ipc gone')),
      on: () => () => undefined,
    });
    await expect(client.invoke('app.info', {})).rejects.toThrow(
      'Could not reach the engine: ipc gone',
    );
  });
});
