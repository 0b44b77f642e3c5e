import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { decodeMessage, encodeMessage } from '../../main/contract/wire-codec';
import type { WsResponse } from '../../main/contract/ws-protocol';
import { REPO_ROOT } from './temp-studio';

export interface ServerChild {
  child: ChildProcess;
  url: URL;
  port: number;
  token: string;
  stderr(): string;
  stop(): Promise<void>;
}

/** `test/server/serve-child.ts` in its own process, with a fresh data folder. */
export async function startServerChild(limits?: object): Promise<ServerChild> {
  const dataDir = await mkdtemp(join(tmpdir(), 'latent-serve-child-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'test', 'server', 'serve-child.ts')],
    {
      env: {
        ...process.env,
        LATENT_STUDIO_DATA_DIR: dataDir,
        ...(limits ? { SERVE_LIMITS: JSON.stringify(limits) } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<URL>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL from the server: ${err}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve(new URL(match[0]));
    });
  });
  return {
    child,
    url,
    port: Number(url.port),
    token: url.searchParams.get('token')!,
    stderr: () => err,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGKILL');
      }),
  };
}

/** A `ws` client (no Origin header unless given) that collects every decoded reply. */
export function openSocket(
  url: string,
  headers: Record<string, string> = {},
): Promise<WebSocket & { replies: WsResponse[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers }) as WebSocket & { replies: WsResponse[] };
    ws.replies = [];
    ws.on('message', (data: Buffer) => {
      try {
        ws.replies.push(decodeMessage(new Uint8Array(data)) as WsResponse);
      } catch {
        /* not ours to judge here */
      }
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`refused with HTTP ${res.statusCode}`)),
    );
  });
}

/** Sends a request and waits for the reply with its id. */
export function ask(
  ws: WebSocket & { replies: WsResponse[] },
  id: number,
  channel: unknown,
  payload: unknown,
  ms = 30_000,
): Promise<WsResponse> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reply to ${id}`)), ms);
    const onMessage = (data: Buffer) => {
      const reply = decodeMessage(new Uint8Array(data)) as WsResponse;
      if (reply.id !== id) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve(reply);
    };
    ws.on('message', onMessage);
    ws.send(encodeMessage({ id, channel, payload }));
  });
}
