import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { StudioError } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import { startServer, type RunningServer } from '../../main/server/server';
import type { ConnectionState } from '../../renderer/src/transport';
import { WsClient, wsUrl, type SocketLike } from '../../renderer/src/transport/ws-client';
import { fixtureModel, openTempStudio, REPO_ROOT } from '../support/temp-studio';

/**
 * The browser transport against the real loopback server over a real engine. Node 20 has no global
 * WebSocket, so the `ws` package stands in for the browser's (same onopen/onmessage/binaryType API);
 * everything on the wire is the real server's.
 */

const rendererDir = join(REPO_ROOT, 'test', 'fixtures', 'static');
const dcgan = fixtureModel('dcgan.onnx');

let temp: Awaited<ReturnType<typeof openTempStudio>>;
let server: RunningServer;
const clients: WsClient[] = [];

beforeAll(async () => {
  vi.stubGlobal('WebSocket', WebSocket);
  temp = await openTempStudio('browser');
  server = await startServer({ studio: temp.studio, rendererDir });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server.close();
  await temp.close();
  vi.unstubAllGlobals();
});

/** A client built the way the page builds it: from the URL the server printed. */
function pageClient(url = server.url): WsClient {
  const client = new WsClient(wsUrl(new URL(url)));
  clients.push(client);
  return client;
}

function nextState(client: WsClient, state: ConnectionState): Promise<void> {
  if (client.connectionState() === state) return Promise.resolve();
  return new Promise((resolve) => {
    const off = client.onConnectionChange((s) => {
      if (s !== state) return;
      off();
      resolve();
    });
  });
}

describe('wsUrl', () => {
  it('builds the socket url from the page location and token', () => {
    expect(wsUrl({ protocol: 'http:', host: '127.0.0.1:5000', search: '?token=a b' })).toBe(
      'ws://127.0.0.1:5000/ws?token=a%20b',
    );
    expect(wsUrl({ protocol: 'https:', host: 'x', search: '' })).toBe('wss://x/ws?token=');
    // Opened without the printed token (the cookie served the page): the page's own token.
    expect(wsUrl({ protocol: 'http:', host: 'x', search: '' }, 'p/g')).toBe('ws://x/ws?page=p%2Fg');
    expect(wsUrl({ protocol: 'http:', host: 'x', search: '?token=t' }, 'pg')).toBe(
      'ws://x/ws?token=t',
    );
    expect(wsUrl(new URL(server.url))).toBe(
      `ws://127.0.0.1:${server.port}/ws?token=${server.token}`,
    );
  });
});

describe('WsClient over the loopback server', () => {
  it('queues requests made before the socket opens and resolves them with binary pixels', async () => {
    const client = pageClient();
    expect(client.connectionState()).toBe('connecting');
    const info = client.invoke('app.info', {});
    const rendered = client.invoke('render.frame', {
      modelId: dcgan,
      latent: { kind: 'seed', seed: 5 },
    });
    expect((await info).shell).toBe('browser');
    expect(client.connectionState()).toBe('open');
    const { frame } = await rendered;
    expect(frame.rgba).toBeInstanceOf(Uint8Array);
    expect([frame.width, frame.height, frame.seed]).toEqual([32, 32, 5]);
    expect(frame.rgba.byteLength).toBe(32 * 32 * 4);
    // The same pixels the engine renders in-process: nothing lost on the wire.
    const local = await dispatch(temp.studio.handlers, 'render.frame', {
      modelId: dcgan,
      latent: { kind: 'seed', seed: 5 },
    });
    const localFrame = (local as { value: { frame: { rgba: Uint8Array } } }).value.frame;
    expect(Buffer.from(frame.rgba).equals(Buffer.from(localFrame.rgba))).toBe(true);
  });

  it('matches concurrent responses to their requests by id', async () => {
    const client = pageClient();
    const seeds = [1, 2, 3, 4, 5, 6];
    // One stream each: frames on the same stream would supersede one another.
    const frames = await Promise.all(
      seeds.map((seed) =>
        client.invoke('render.frame', {
          modelId: dcgan,
          latent: { kind: 'seed', seed },
          stream: `s${seed}`,
        }),
      ),
    );
    expect(frames.map((r) => r.frame.seed)).toEqual(seeds);
  });

  it('turns engine failures into StudioError with their code and words', async () => {
    const client = pageClient();
    const missing = join(temp.dataDir, 'missing.onnx');
    const notFound = await client
      .invoke('render.frame', { modelId: missing, latent: { kind: 'seed', seed: 1 } })
      .catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(StudioError);
    expect(notFound).toMatchObject({
      name: 'StudioError',
      code: 'NOT_FOUND',
      message: `No model "${missing}" in the library, and no such file`,
    });
    await expect(
      client.invoke('render.grid', { modelId: dcgan, seed: -4, count: 'many' } as never),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: /^Invalid request for render\.grid/ });
    await expect(
      client.invoke('render.frame', {
        modelId: fixtureModel('classifier.onnx'),
        latent: { kind: 'seed', seed: 1 },
      }),
    ).rejects.toMatchObject({ code: 'MODEL_REJECTED' });
    // The connection survives failed requests.
    expect((await client.invoke('app.info', {})).shell).toBe('browser');
  });

  it('delivers job.progress events to subscribers until they unsubscribe', async () => {
    const client = pageClient();
    const first: [string, number][] = [];
    const all: [string, number][] = [];
    const off = client.on('job.progress', (p) => first.push([p.jobId, p.done]));
    client.on('job.progress', (p) => all.push([p.jobId, p.done]));

    const grid = await client.invoke('render.grid', {
      modelId: dcgan,
      seed: 1,
      count: 20,
      jobId: 'ws-a',
    });
    expect(grid.frames.map((f) => f.seed)).toEqual(Array.from({ length: 20 }, (_, i) => 1 + i));
    // Events are pushed before the response on the same socket, so all of them are here by now.
    expect(first).toEqual([
      ['ws-a', 0],
      ['ws-a', 8],
      ['ws-a', 16],
      ['ws-a', 20],
    ]);

    off();
    await client.invoke('render.grid', { modelId: dcgan, seed: 1, count: 9, jobId: 'ws-b' });
    expect(all.filter(([job]) => job === 'ws-b')).toEqual([
      ['ws-b', 0],
      ['ws-b', 8],
      ['ws-b', 9],
    ]);
    expect(first.filter(([job]) => job === 'ws-b')).toEqual([]);
  });

  it('rejects pending requests in words when the server shuts down, and reconnects when it restarts on the same port', async () => {
    const own = await startServer({ studio: temp.studio, rendererDir });
    const port = own.port;
    let current = own;
    // A restarted server mints a new token, so the socket is opened with the live server's token
    // (the page's URL keeps the old one; see the report on the token).
    const client = new WsClient(wsUrl(new URL(own.url)), {
      createSocket: () => new WebSocket(wsUrl(new URL(current.url))) as unknown as SocketLike,
      reconnectDelayMs: 20,
      maxReconnectDelayMs: 100,
    });
    clients.push(client);
    const states: ConnectionState[] = [];
    client.onConnectionChange((s) => states.push(s));
    try {
      await client.invoke('models.list', {});
      expect(client.connectionState()).toBe('open');

      const pending = client.invoke('render.grid', { modelId: dcgan, seed: 1, count: 64 });
      const closing = own.close();
      const err = await pending.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StudioError);
      expect(err).toMatchObject({
        code: 'INTERNAL',
        message: 'Lost the connection to the engine. Reconnecting…',
      });
      await closing;
      expect(client.connectionState()).toBe('disconnected');
      await expect(client.invoke('app.info', {})).rejects.toThrow(
        'Not connected to the engine. Reconnecting…',
      );
      // It keeps retrying while nothing listens; the state stays 'disconnected'.
      await new Promise((r) => setTimeout(r, 150));
      expect(client.connectionState()).toBe('disconnected');

      current = await startServer({ studio: temp.studio, rendererDir, port });
      await nextState(client, 'open');
      expect(states).toEqual(['open', 'disconnected', 'open']);
      expect((await client.invoke('app.info', {})).shell).toBe('browser');

      client.close();
      expect(client.connectionState()).toBe('disconnected');
      await expect(client.invoke('app.info', {})).rejects.toThrow(
        'The connection to the engine was closed.',
      );
    } finally {
      client.close();
      if (current !== own) await current.close();
    }
  });
});
