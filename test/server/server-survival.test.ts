import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMessage } from '../../main/contract/wire-codec';
import { createRng, type Rng } from '../../main/engine/latent/prng';
import { ask, openSocket, startServerChild, type ServerChild } from '../support/ws-test-client';

/**
 * The browser shell's server in its own process, attacked the way issue 13 found it could be
 * killed, then fuzzed at the envelope level (valid WebSocket frames, malformed messages) and at
 * the frame level (raw bytes after the handshake). After every case the process must be alive and
 * a well-behaved client must still be answered.
 */

let server: ServerChild;
let good: Awaited<ReturnType<typeof openSocket>>;
let nextId = 1000;

beforeAll(async () => {
  server = await startServerChild();
  good = await openSocket(wsUrl());
}, 120_000);
afterAll(async () => {
  good?.close();
  await server?.stop();
});

const wsUrl = () => `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;

async function stillServing(): Promise<void> {
  expect(server.child.exitCode, server.stderr()).toBeNull();
  const reply = await ask(good, (nextId += 1), 'app.info', {});
  expect(reply).toMatchObject({ ok: true, value: { shell: 'browser' } });
}

/** A latent spec nested `depth` levels deep (the stack-overflow crash class). */
function deepLatent(depth: number): unknown {
  let spec: unknown = { kind: 'seed', seed: 1 };
  for (let i = 0; i < depth; i++)
    spec = { kind: 'mix', method: 'lerp', a: spec, b: { kind: 'seed', seed: 2 }, t: 0.5 };
  return spec;
}

/** Raw TCP: the WebSocket handshake, then whatever bytes the test wants to send. */
function rawSocket(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.once('connect', () =>
      socket.write(
        `GET /ws?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
          'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      ),
    );
    socket.once('data', (d: Buffer) =>
      d.toString().startsWith('HTTP/1.1 101') ? resolve(socket) : reject(new Error(d.toString())),
    );
  });
}

/** One WebSocket frame, built by hand so every field can be wrong. */
function frame(
  opcode: number,
  payload: Uint8Array,
  o: { fin?: boolean; rsv?: number; mask?: boolean; declaredLength?: bigint } = {},
): Buffer {
  const { fin = true, rsv = 0, mask = true } = o;
  const length = o.declaredLength ?? BigInt(payload.length);
  const head = [((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 15)) & 0xff];
  const m = mask ? 0x80 : 0;
  if (length < 126n) head.push(m | Number(length));
  else if (length < 65536n) head.push(m | 126, Number(length >> 8n) & 0xff, Number(length) & 0xff);
  else {
    head.push(m | 127);
    for (let i = 7; i >= 0; i--) head.push(Number((length >> BigInt(8 * i)) & 0xffn));
  }
  const key = mask ? [0x12, 0x34, 0x56, 0x78] : [];
  const body = Buffer.from(payload.map((b, i) => (mask ? b ^ key[i % 4]! : b)));
  return Buffer.concat([Buffer.from(head), Buffer.from(key), body]);
}

/** Sends raw bytes after a handshake and waits until the server closes or 100 ms pass. */
async function sendRaw(bytes: Buffer | Buffer[]): Promise<void> {
  const socket = await rawSocket();
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 100);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    for (const b of Array.isArray(bytes) ? bytes : [bytes]) socket.write(b);
  });
  socket.destroy();
}

const randomBytes = (rng: Rng, n: number) =>
  Uint8Array.from({ length: n }, () => rng.nextUint32() & 0xff);

/** A random JSON-ish value: what a confused or hostile client might put anywhere. */
function randomValue(rng: Rng, depth = 0): unknown {
  const pick = rng.nextUint32() % (depth > 6 ? 6 : 9);
  const strings = ['', 'app.info', '__proto__', 'constructor', 'toString', '$bin', 'x'.repeat(300)];
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rng.nextFloat() < 0.5;
    case 2:
      return [0, -1, 1.5, 1e308, -0, 2 ** 53, 0xffffffff + 1][rng.nextUint32() % 7];
    case 3:
      return strings[rng.nextUint32() % strings.length];
    case 4:
      return { $bin: rng.nextUint32() % 3 };
    case 5:
      return rng.nextUint32() % 2 ? { toString: 1 } : { valueOf: 'x' };
    case 6:
      return Array.from({ length: rng.nextUint32() % 4 }, () => randomValue(rng, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = rng.nextUint32() % 4; i > 0; i--)
        o[strings[rng.nextUint32() % strings.length]!] = randomValue(rng, depth + 1);
      return o;
    }
  }
}

describe('the loopback server survives what issue 13 found kills it', () => {
  it('a request whose channel is an object: a typed error, not an unhandled rejection', async () => {
    const reply = await ask(good, 1, { toString: 1 }, {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    await stillServing();
  });

  it('a latent nested 1000 levels deep: BAD_REQUEST before the schema overflows the stack', async () => {
    const reply = await ask(good, 2, 'render.frame', { modelId: 'x', latent: deepLatent(1000) });
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((reply as { error: { message: string } }).error.message).toMatch(/nested more than/);
    await stillServing();
  });

  it('an invalid frame and a message over the size limit close only that connection', async () => {
    await sendRaw(frame(3, randomBytes(createRng(1), 10))); // reserved opcode
    await sendRaw(frame(2, new Uint8Array(0), { declaredLength: 65n * 1024n * 1024n }));
    const big = await openSocket(wsUrl());
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.on('error', () => undefined);
    big.send(new Uint8Array(65 * 1024 * 1024)); // a real 65 MiB message
    expect(await closed).toBe(1009);
    await stillServing();
  });
});

describe('fuzzing the loopback server', () => {
  it(
    'envelopes: every malformed message gets one typed error and the connection stays open',
    { timeout: 180_000 },
    async () => {
      const rng = createRng(13);
      const ws = await openSocket(wsUrl());
      const sent: Uint8Array[] = [];
      const valid = encodeMessage({
        id: 7,
        channel: 'render.frame',
        payload: { modelId: 'nope', latent: { kind: 'seed', seed: 3 } },
      });
      for (let i = 0; i < 400; i++) {
        const kind = i % 8;
        let bytes: Uint8Array;
        if (kind === 0) bytes = randomBytes(rng, rng.nextUint32() % 64);
        else if (kind === 1) {
          // A header length that overruns the frame, or attachments cut short.
          bytes = Uint8Array.from(valid);
          new DataView(bytes.buffer).setUint32(0, rng.nextUint32(), true);
        } else if (kind === 2) {
          bytes = Uint8Array.from(valid);
          for (let k = 0; k < 4; k++) bytes[rng.nextUint32() % bytes.length] = rng.nextUint32();
        } else if (kind === 3) bytes = encodeMessage(randomValue(rng));
        else if (kind === 4)
          bytes = encodeMessage({ id: randomValue(rng), channel: randomValue(rng), payload: {} });
        else if (kind === 5)
          bytes = encodeMessage({
            id: i,
            channel: ['render.frame', 'render.grid', 'export.animation', 'models.import'][i % 4],
            payload: randomValue(rng),
          });
        else if (kind === 6) {
          const depth = 200 + (rng.nextUint32() % 4000);
          const json = `${'['.repeat(depth)}${']'.repeat(depth)}`;
          const header = new TextEncoder().encode(
            `{"id":${i},"channel":"app.info","payload":${json}}`,
          );
          bytes = new Uint8Array(4 + header.length);
          new DataView(bytes.buffer).setUint32(0, header.length, true);
          bytes.set(header, 4);
        } else {
          ws.send(`text frame ${i}`);
          sent.push(new Uint8Array(0));
          continue;
        }
        sent.push(bytes);
        ws.send(bytes);
      }
      const deadline = Date.now() + 120_000;
      while (ws.replies.length < sent.length && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(ws.replies.length).toBe(sent.length);
      const codes = new Set(ws.replies.map((r) => (r.ok ? 'ok' : r.error.code)));
      for (const code of codes)
        expect(['ok', 'BAD_REQUEST', 'UNKNOWN_CHANNEL', 'NOT_FOUND', 'MODEL_REJECTED']).toContain(
          code,
        );
      expect(ws.readyState).toBe(ws.OPEN);
      expect((await ask(ws, 99_999, 'app.info', {})).ok).toBe(true);
      ws.close();
      await stillServing();
    },
  );

  it(
    'frames: raw bytes after the handshake never take the server down',
    { timeout: 180_000 },
    async () => {
      const rng = createRng(1313);
      for (let i = 0; i < 150; i++) {
        const payload = randomBytes(rng, rng.nextUint32() % 300);
        const kind = i % 10;
        let bytes: Buffer | Buffer[];
        if (kind === 0) bytes = Buffer.from(randomBytes(rng, 1 + (rng.nextUint32() % 200)));
        else if (kind === 1)
          bytes = frame(rng.nextUint32() % 16, payload, {
            fin: rng.nextFloat() < 0.5,
            rsv: rng.nextUint32() % 8,
            mask: rng.nextFloat() < 0.8,
          });
        else if (kind === 2)
          bytes = frame(2, payload, { mask: false }); // clients must mask
        else if (kind === 3)
          bytes = frame(9, randomBytes(rng, 126 + (rng.nextUint32() % 100))); // big ping
        else if (kind === 4)
          bytes = frame(8, Uint8Array.of(0x03, rng.nextUint32() % 256, 0xff, 0xfe)); // bad close
        else if (kind === 5)
          bytes = frame(1, Uint8Array.of(0xc3, 0x28, 0xa0, 0xa1)); // bad UTF-8
        else if (kind === 6)
          bytes = frame(0, payload); // continuation without a start
        else if (kind === 7)
          bytes = frame(2, payload, { declaredLength: 2n ** 63n + BigInt(rng.nextUint32()) });
        else if (kind === 8)
          bytes = [
            frame(2, payload, { fin: false }),
            frame(9, payload.subarray(0, 10), { fin: false }),
          ];
        else bytes = frame(2, payload).subarray(0, 1 + (rng.nextUint32() % 20)); // cut short
        await sendRaw(bytes);
        if (i % 25 === 24) await stillServing();
      }
      await stillServing();
    },
  );

  it('malformed HTTP and upgrade requests get an HTTP error, not a crash', async () => {
    for (const request of [
      'GARBAGE\r\n\r\n',
      `GET /ws?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      `GET /ws?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 8\r\n\r\n`,
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX: ${'y'.repeat(20_000)}\r\n\r\n`,
      `GET /%%% HTTP/1.1\r\n\r\n`,
    ]) {
      const reply = await new Promise<string>((resolve) => {
        const socket = connect(server.port, '127.0.0.1');
        let text = '';
        socket.on('error', () => resolve(text));
        socket.on('data', (d: Buffer) => (text += d.toString()));
        socket.on('close', () => resolve(text));
        socket.once('connect', () => socket.write(request));
        setTimeout(() => socket.destroy(), 1000);
      });
      expect(reply).toMatch(/^HTTP\/1\.1 4\d\d/);
    }
    await stillServing();
  });
});
