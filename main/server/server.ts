import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { TOKEN_PARAM, WS_PATH } from '../contract/ws-protocol';
import type { Studio } from '../engine/studio';
import { CONTENT_SECURITY_POLICY, readStatic } from './static-files';
import { attachSession } from './ws-session';

export interface ServerOptions {
  studio: Studio;
  rendererDir: string;
  port?: number;
  /** Loopback only; anything else is refused so the engine is never exposed to a network. */
  host?: '127.0.0.1';
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'latent_studio_token';
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

function sameToken(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  const match = /(?:^|;\s*)latent_studio_token=([^;]+)/.exec(req.headers.cookie ?? '');
  return match?.[1];
}

/**
 * The browser shell: the engine behind HTTP (the built renderer) and a WebSocket (the contract),
 * on 127.0.0.1 with a random token. The token arrives in the printed URL; the page is then served
 * with an HttpOnly cookie so its own assets and socket are authorised. The Host header is checked
 * so a DNS-rebinding page cannot talk to the server.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = randomBytes(24).toString('base64url');
  let port = 0;
  const hostAllowed = (req: IncomingMessage) => {
    const host = req.headers.host ?? '';
    return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  };
  const authorised = (req: IncomingMessage, url: URL) =>
    hostAllowed(req) &&
    (sameToken(url.searchParams.get(TOKEN_PARAM), token) || sameToken(cookieToken(req), token));

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!authorised(req, url)) {
      res
        .writeHead(403, { 'content-type': 'text/plain' })
        .end('Forbidden: open the URL printed by "latent-studio serve".');
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    void readStatic(options.rendererDir, url.pathname).then((file) => {
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      res.writeHead(200, {
        'content-type': file.type,
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
        'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      });
      res.end(file.body);
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== WS_PATH || !authorised(req, url)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachSession(ws, options.studio));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?${TOKEN_PARAM}=${token}`,
    port,
    token,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
