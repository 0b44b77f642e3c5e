import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { PAGE_PARAM, PAGE_TOKEN_META, TOKEN_PARAM, WS_PATH } from '../contract/ws-protocol';
import type { Studio } from '../engine/studio';
import {
  contentSecurityPolicy,
  readSiteFile,
  resolveUnderRoot,
  responseHeadersFor,
} from '../web/static-site';
import { PageTokens } from './page-tokens';
import { attachSession, DEFAULT_SESSION_LIMITS, type SessionLimits } from './ws-session';

export interface ServerOptions {
  studio: Studio;
  rendererDir: string;
  port?: number;
  /** Loopback only; anything else is refused so the engine is never exposed to a network. */
  host?: '127.0.0.1';
  /** Per-connection bounds (queued reply bytes, requests in flight). */
  limits?: Partial<SessionLimits>;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'latent_studio_token';
/** Larger WebSocket messages close the connection (1009); pixels of a full grid fit easily. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

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

function refuseUpgrade(socket: Socket, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The browser shell: the engine behind HTTP (the built renderer) and a WebSocket (the contract),
 * on 127.0.0.1 with a random token. The token arrives in the printed URL; pages and their assets
 * are then served with an HttpOnly cookie. The socket needs more than the cookie (which a page on
 * any other port of 127.0.0.1 also sends): its Origin must be this server's own, and its URL must
 * carry the printed token or the per-page token written into the page. The Host header is checked
 * so a DNS-rebinding page cannot talk to the server at all.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = randomBytes(24).toString('base64url');
  const pages = new PageTokens();
  const limits = { ...DEFAULT_SESSION_LIMITS, ...options.limits };
  let port = 0;
  const origins = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const hostAllowed = (req: IncomingMessage) => origins().includes(req.headers.host ?? '');
  // Absent for non-browser clients (they still need the token); a browser always sends it.
  const originAllowed = (req: IncomingMessage) =>
    req.headers.origin === undefined || origins().some((o) => req.headers.origin === `http://${o}`);
  const pageAuthorised = (req: IncomingMessage, url: URL) =>
    hostAllowed(req) &&
    (sameToken(url.searchParams.get(TOKEN_PARAM), token) || sameToken(cookieToken(req), token));
  const socketAuthorised = (req: IncomingMessage, url: URL) =>
    hostAllowed(req) &&
    originAllowed(req) &&
    (sameToken(url.searchParams.get(TOKEN_PARAM), token) ||
      pages.valid(url.searchParams.get(PAGE_PARAM)));

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!pageAuthorised(req, url)) {
      res
        .writeHead(403, { 'content-type': 'text/plain' })
        .end('Forbidden: open the URL printed by "latent-studio serve".');
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    void serveFile(url.pathname, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });

  const csp = () => contentSecurityPolicy(origins().map((o) => `ws://${o}`));
  async function serveFile(pathname: string, res: ServerResponse): Promise<void> {
    const file = resolveUnderRoot(options.rendererDir, pathname.slice(1));
    let body = file ? await readSiteFile(file) : null;
    if (!file || !body) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const headers = responseHeadersFor(file, csp());
    if (headers['Content-Type']?.startsWith('text/html'))
      body = Buffer.from(withPageToken(body.toString('utf8'), pages.mint()));
    res.writeHead(200, {
      ...headers,
      'cache-control': 'no-store',
      'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    });
    res.end(body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  wss.on('error', () => undefined);
  server.on('upgrade', (req, socket: Socket, head) => {
    // A reset or garbage on the raw socket must never become an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== WS_PATH) return refuseUpgrade(socket, '404 Not Found');
    if (!socketAuthorised(req, url)) return refuseUpgrade(socket, '403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => attachSession(ws, options.studio, limits));
  });
  // Malformed HTTP (including a broken upgrade request) is answered 400 and the socket closed.
  server.on('clientError', (_err, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  server.on('error', (err) => console.error(`latent-studio serve: ${err.message}`));
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

/** The per-page token goes into the page as a meta tag (inline script is forbidden by the CSP). */
function withPageToken(html: string, pageToken: string): string {
  const meta = `<meta name="${PAGE_TOKEN_META}" content="${pageToken}" />`;
  return /<head[^>]*>/i.test(html)
    ? html.replace(/<head[^>]*>/i, (head) => `${head}${meta}`)
    : `${meta}${html}`;
}
