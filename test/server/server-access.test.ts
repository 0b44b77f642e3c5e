import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { encodeMessage } from '../../main/contract/wire-codec';
import type { WsResponse } from '../../main/contract/ws-protocol';
import { startServer, type RunningServer } from '../../main/server/server';
import { fixtureModel, openTempStudio, REPO_ROOT } from '../support/temp-studio';
import { ask, openSocket } from '../support/ws-test-client';

let server: RunningServer;
let temp: Awaited<ReturnType<typeof openTempStudio>>;

beforeAll(async () => {
  temp = await openTempStudio('browser');
  server = await startServer({
    studio: temp.studio,
    rendererDir: join(REPO_ROOT, 'test', 'fixtures', 'static'),
    limits: { maxQueuedBytes: 1024 * 1024, maxInFlight: 8 },
  });
});
afterAll(async () => {
  await server.close();
  await temp.close();
});

const own = () => `http://127.0.0.1:${server.port}`;
const socketUrl = (query: string) => `ws://127.0.0.1:${server.port}/ws${query}`;

describe('who may open the socket', () => {
  it('a page on another port of 127.0.0.1 cannot, even though the browser sends the cookie', async () => {
    const cookie = `latent_studio_token=${server.token}`;
    const elsewhere = `http://127.0.0.1:${server.port + 1}`;
    await expect(openSocket(socketUrl(''), { Cookie: cookie, Origin: elsewhere })).rejects.toThrow(
      /403/,
    );
    // Not even with the token: a foreign Origin is refused outright.
    await expect(
      openSocket(socketUrl(`?token=${server.token}`), { Cookie: cookie, Origin: elsewhere }),
    ).rejects.toThrow(/403/);
    await expect(
      openSocket(socketUrl(`?token=${server.token}`), { Origin: 'null' }),
    ).rejects.toThrow(/403/);
  });

  it('the cookie alone never opens it, even from the right origin; the page token does', async () => {
    const cookie = `latent_studio_token=${server.token}`;
    await expect(openSocket(socketUrl(''), { Cookie: cookie, Origin: own() })).rejects.toThrow(
      /403/,
    );
    await expect(
      openSocket(socketUrl('?page=forged-page-token'), { Cookie: cookie, Origin: own() }),
    ).rejects.toThrow(/403/);
    // The page served with the cookie carries its own token; its socket uses that.
    const html = await (await fetch(`${own()}/`, { headers: { Cookie: cookie } })).text();
    const page = /<meta name="latent-studio-page" content="([\w-]+)"/.exec(html)?.[1];
    expect(page).toMatch(/^[\w-]{32}$/);
    const ws = await openSocket(socketUrl(`?page=${page}`), { Origin: own() });
    expect((await ask(ws, 1, 'app.info', {})).ok).toBe(true);
    ws.close();
    const printed = await openSocket(socketUrl(`?token=${server.token}`), { Origin: own() });
    printed.close();
  });

  it('sends a CSP that allows only its own WebSocket origin', async () => {
    const res = await fetch(server.url);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(
      `connect-src 'self' ws://127.0.0.1:${server.port} ws://localhost:${server.port};`,
    );
    expect(csp).not.toContain(':*');
  });
});

describe('one connection cannot crowd out the others', () => {
  it('live frames are streams per connection: two tabs dragging "probe" do not supersede each other', async () => {
    const open = () => openSocket(socketUrl(`?token=${server.token}`));
    const [a, b, c] = [await open(), await open(), await open()];
    const dcgan = fixtureModel('dcgan.onnx');
    // Keep inference busy so both live frames wait in the scheduler at the same time.
    const busy = ask(c, 1, 'render.grid', { modelId: dcgan, seed: 1, count: 128 });
    await new Promise((r) => setTimeout(r, 50));
    const frame = (seed: number) => ({
      modelId: dcgan,
      latent: { kind: 'seed', seed },
      stream: 'probe',
    });
    const [ra, rb] = await Promise.all([
      ask(a, 1, 'render.frame', frame(1)),
      ask(b, 1, 'render.frame', frame(2)),
    ]);
    expect(ra.ok && rb.ok, JSON.stringify([ra.ok || ra.error, rb.ok || rb.error])).toBe(true);
    // Within one connection, a newer frame still supersedes the waiting one.
    // Enough queued work that the first frame is still waiting when the second arrives, even on
    // a quiet machine where one small grid finishes within milliseconds.
    const busy2 = Promise.all(
      [2, 4, 5, 6].map((id) => ask(c, id, 'render.grid', { modelId: dcgan, seed: id, count: 256 })),
    );
    await new Promise((r) => setTimeout(r, 20));
    const [r1, r2] = await Promise.all([
      ask(a, 2, 'render.frame', frame(3)),
      ask(a, 3, 'render.frame', frame(4)),
    ]);
    expect(r1).toMatchObject({ ok: false, error: { code: 'SUPERSEDED' } });
    expect(r2.ok).toBe(true);
    await Promise.all([busy, busy2]);
    for (const s of [a, b, c]) s.close();
  }, 120_000);

  it('a client that never reads gets BUSY in words once its unread replies pass the bound', async () => {
    const slow = await openSocket(socketUrl(`?token=${server.token}`));
    (slow as WebSocket).pause(); // reads nothing: replies pile up on the server's side
    const model = fixtureModel('flat784.onnx'); // 256 frames of 28×28: ~0.8 MB per reply
    const sent = 60;
    for (let id = 1; id <= sent; id++) {
      slow.send(
        encodeMessage({
          id,
          channel: 'render.grid',
          payload: { modelId: model, seed: id, count: 256 },
        }),
      );
      if (id % 4 === 0) await new Promise((r) => setTimeout(r, 400)); // stay under 8 in flight
    }
    await new Promise((r) => setTimeout(r, 2000));
    // A well-behaved client is served meanwhile.
    const other = await openSocket(socketUrl(`?token=${server.token}`));
    expect((await ask(other, 1, 'app.info', {})).ok).toBe(true);
    other.close();
    (slow as WebSocket).resume();
    const deadline = Date.now() + 60_000;
    while (slow.replies.length < sent && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(slow.replies).toHaveLength(sent);
    const busy = slow.replies.filter(
      (r): r is Extract<WsResponse, { ok: false }> => !r.ok && r.error.code === 'BUSY',
    );
    const served = slow.replies.filter((r) => r.ok);
    // Kernel socket buffers hold a few MB beyond the 1 MiB bound; everything else was refused.
    expect(busy.length).toBeGreaterThan(sent / 2);
    expect(served.length).toBeLessThan(sent / 2);
    const unread = busy.filter((r) => /of (earlier )?replies/.test(r.error.message));
    expect(unread.length, busy.map((r) => r.error.message).join('\n')).toBeGreaterThan(0);
    expect(unread[0]!.error.message).toMatch(/\d+ MiB/);
    expect(unread[0]!.error.message).toMatch(/Nothing was lost/);
    slow.close();
  }, 180_000);
});
