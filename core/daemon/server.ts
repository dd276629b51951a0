import fs from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type HttpBindings } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { App } from '../api/app.ts';
import { MAX_MESSAGE_BYTES } from '../api/protocol.ts';
import { CallboardError, HTTP_STATUS, toCallboardError } from '../errors.ts';
import { bearer, principalFromToken } from './auth.ts';
import { mountCalendarFeeds } from './feeds.ts';
import { mountMediaRoutes } from './media-upload.ts';
import { mountSite } from './site.ts';
import { createWebSocketServer } from './websocket.ts';

export interface ServerOptions {
  app: App;
  host: string;
  port: number;
  /** Secret for the local CLI (written to daemon.json, readable only by the data folder's owner). */
  localSecret: string;
  /** The built renderer (served at /), if present. */
  rendererDir?: string;
  log: (line: string) => void;
  /**
   * How often the daemon expires box office holds and waiting-list offers and passes seats
   * on (default 15 s; 0 turns it off). "Now" is the app's clock, so tests drive it.
   */
  sweepIntervalMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const length = Number(req.headers['content-length'] ?? '0');
  const tooLarge = () =>
    new CallboardError('too_large', `Request body over the ${MAX_MESSAGE_BYTES} byte limit`, { limit: MAX_MESSAGE_BYTES });
  if (length > MAX_MESSAGE_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_MESSAGE_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CallboardError('invalid', 'The request body is not valid JSON');
  }
}

/** The daemon's HTTP API (`POST /api/<procedure>`), its WebSocket (`/ws`) and the app at `/`. */
export function buildHttpApp(options: ServerOptions): Hono<{ Bindings: HttpBindings }> {
  const { app, localSecret, log } = options;
  const http = new Hono<{ Bindings: HttpBindings }>();

  http.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const ms = (performance.now() - started).toFixed(1);
    const who = c.get('userId' as never) ?? '-';
    log(`HTTP ${c.req.method} ${c.req.path} ${c.res.status} ${ms}ms user=${who} from=${c.env.incoming.socket.remoteAddress ?? '?'}`);
  });

  http.get('/api/health', (c) => c.json({ ok: !app.store.closed }));
  mountCalendarFeeds(http, app);

  http.post('/api/:procedure', async (c) => {
    const procedure = c.req.param('procedure');
    try {
      const incoming = c.env.incoming;
      const principal = principalFromToken(app, bearer(c.req.header('authorization')), localSecret, c.req.header('x-callboard-as'), {
        remoteAddress: incoming.socket.remoteAddress,
        headers: incoming.headers,
      });
      if (principal) c.set('userId' as never, principal.userId as never);
      if (!app.dispatcher.procedure(procedure)) {
        throw new CallboardError('not_found', `Unknown procedure "${procedure}"`, { procedure });
      }
      const input = await readBody(c.env.incoming);
      const result = await app.dispatcher.call(principal, procedure, input);
      return c.json({ result: result ?? null });
    } catch (err) {
      const e = toCallboardError(err);
      return c.json({ error: e.toShape() }, HTTP_STATUS[e.code] as 400);
    }
  });

  mountMediaRoutes(http, { app, localSecret });

  // Password sign-in (desktop accounts): answers a session token for the API.
  http.post('/auth/password', async (c) => {
    try {
      const body = (await readBody(c.env.incoming)) as { login?: unknown; password?: unknown };
      if (typeof body.login !== 'string' || body.login.length === 0 || body.login.length > 320) {
        throw new CallboardError('invalid', 'login: give your e-mail address or name', { field: 'login' });
      }
      if (typeof body.password !== 'string' || body.password.length > 1024) {
        throw new CallboardError('invalid', 'password: give your password', { field: 'password' });
      }
      const result = await app.services.authn.signInWithPassword(body.login, body.password, c.env.incoming.socket.remoteAddress ?? 'unknown');
      return c.json({ result });
    } catch (err) {
      const e = toCallboardError(err);
      return c.json({ error: e.toShape() }, HTTP_STATUS[e.code] as 400);
    }
  });

  mountSite(http, app);

  http.all('/api/*', (c) => c.json({ error: { code: 'not_found', message: 'Use POST /api/<procedure>' } }, 404));

  const rendererDir = options.rendererDir;
  if (rendererDir && fs.existsSync(path.join(rendererDir, 'index.html'))) {
    const root = path.relative(process.cwd(), rendererDir) || '.';
    http.use('/*', async (c, next) => {
      await next();
      c.header('Content-Security-Policy', "default-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; object-src 'none'; base-uri 'none'");
      c.header('X-Content-Type-Options', 'nosniff');
    });
    http.use('/*', serveStatic({ root }));
    http.get('*', serveStatic({ root, path: 'index.html' }));
  } else {
    http.get('/', (c) =>
      c.text('Callboard daemon is running. The app is not built: run `npm run build:renderer`, then reload.\n'),
    );
  }
  return http;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const http = buildHttpApp(options);
  const wss = createWebSocketServer({ app: options.app, localSecret: options.localSecret, log: options.log });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: http.fetch, port: options.port, hostname: options.host }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const sweepEvery = options.sweepIntervalMs ?? 15_000;
  const sweeper =
    sweepEvery > 0
      ? setInterval(() => {
          if (options.app.store.closed) return;
          try {
            const swept = options.app.services.boxOffice.sweepExpired(options.app.clock.now());
            if (swept.length) options.log(`box office: expired holds and offers on ${swept.join(', ')}`);
          } catch (err) {
            options.log(`box office: hold sweep failed: ${toCallboardError(err).message}`);
          }
        }, sweepEvery)
      : undefined;
  sweeper?.unref();
  const { port } = server.address() as AddressInfo;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostForUrl}:${port}/`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        if (sweeper) clearInterval(sweeper);
        for (const client of wss.clients) client.close(1001, 'daemon shutting down');
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
