import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeMessage, encodeMessage } from '../../main/contract/wire-codec';
import type { WsResponse } from '../../main/contract/ws-protocol';
import { startServer, type RunningServer } from '../../main/server/server';
import { fixtureModel, openTempStudio, REPO_ROOT } from '../support/temp-studio';

let server: RunningServer;
let temp: Awaited<ReturnType<typeof openTempStudio>>;

beforeAll(async () => {
  temp = await openTempStudio('browser');
  server = await startServer({
    studio: temp.studio,
    rendererDir: join(REPO_ROOT, 'test', 'fixtures', 'static'),
  });
});
afterAll(async () => {
  await server.close();
  await temp.close();
});

function connect(token = server.token): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${token}`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function request(
  ws: WebSocket,
  id: number,
  channel: string,
  payload: unknown,
): Promise<WsResponse> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const message = decodeMessage(new Uint8Array(data)) as WsResponse;
      if (message.id !== id && message.id !== -1) return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
    ws.send(encodeMessage({ id, channel, payload }));
  });
}

describe('loopback server', () => {
  it('listens on 127.0.0.1 only and prints a URL with a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses pages and sockets without the token', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(res.status).toBe(403);
    await expect(connect('wrong-token')).rejects.toThrow(/403/);
  });

  it('serves the renderer with a CSP and sets the token cookie', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('set-cookie')).toContain('HttpOnly');
    expect(await res.text()).toContain('<title>');
    const traversal = await fetch(
      `http://127.0.0.1:${server.port}/..%2f..%2fpackage.json?token=${server.token}`,
    );
    expect(traversal.status).toBe(404);
  });

  it('renders a frame over the socket with pixels as binary', async () => {
    const ws = await connect();
    const reply = await request(ws, 1, 'render.frame', {
      modelId: fixtureModel('dcgan.onnx'),
      latent: { kind: 'seed', seed: 5 },
    });
    ws.close();
    expect(reply.ok).toBe(true);
    const frame = (
      reply as { value: { frame: { width: number; height: number; rgba: Uint8Array } } }
    ).value.frame;
    expect(frame.rgba).toBeInstanceOf(Uint8Array);
    expect(frame.rgba.byteLength).toBe(frame.width * frame.height * 4);
  });

  it('rejects malformed payloads with a typed error and keeps serving', async () => {
    const ws = await connect();
    const bad = await request(ws, 2, 'render.grid', { modelId: 'x', seed: -4, count: 'many' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const unknown = await request(ws, 3, 'fs.deleteEverything', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const garbage = await new Promise<WsResponse>((resolve) => {
      ws.once('message', (data: Buffer) =>
        resolve(decodeMessage(new Uint8Array(data)) as WsResponse),
      );
      ws.send(Buffer.from([9, 9, 9, 9, 9, 9]));
    });
    expect(garbage).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const info = await request(ws, 4, 'app.info', {});
    ws.close();
    expect(info).toMatchObject({ ok: true, value: { shell: 'browser' } });
  });
});
