import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { App } from '../api/app.ts';
import type { Principal } from '../api/procedure.ts';
import { MAX_MESSAGE_BYTES, type ServerMessage } from '../api/protocol.ts';
import { CallboardError, toCallboardError } from '../errors.ts';
import { principalFromToken } from './auth.ts';

const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), id: z.string().max(100).optional(), token: z.string().max(500), as: z.string().max(200).optional() }),
  z.object({ type: z.literal('call'), id: z.string().max(100), procedure: z.string().max(200), input: z.unknown() }),
  z.object({ type: z.literal('subscribe'), id: z.string().max(100), scope: z.string().max(300) }),
  z.object({ type: z.literal('unsubscribe'), id: z.string().max(100) }),
]);

export interface WsOptions {
  app: App;
  localSecret: string;
  log: (line: string) => void;
  /** Ping every client this often; one that has not answered the previous ping is dropped. */
  heartbeatMs?: number;
}

/**
 * The daemon's WebSocket: the first message authenticates (`auth` with a token), then the
 * client sends `call`s and `subscribe`s. Every message is parsed by its schema; a bad one
 * gets an error reply and the connection stays usable.
 */
export function createWebSocketServer(options: WsOptions): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const alive = new WeakMap<WebSocket, boolean>();
  wss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
    handleConnection(socket, req, options);
  });
  // Notices peers that vanished without closing (a laptop that went to sleep).
  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (!alive.get(socket)) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();
  wss.on('close', () => clearInterval(heartbeat));
  return wss;
}

function handleConnection(socket: WebSocket, req: IncomingMessage, { app, localSecret, log }: WsOptions): void {
  let principal: Principal | null = null;
  // Behind a single sign-on proxy the connection is signed in by the proxy's headers.
  try {
    principal = principalFromToken(app, undefined, localSecret, undefined, { remoteAddress: req.socket.remoteAddress, headers: req.headers });
  } catch {
    principal = null;
  }
  const subs = new Map<string, () => void>();
  const remote = req.socket.remoteAddress ?? '?';
  const send = (msg: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(msg));
  };

  if (principal) socket.send(JSON.stringify({ type: 'ready', userId: principal.userId, deviceId: principal.deviceId } satisfies ServerMessage));

  socket.on('message', async (data, isBinary) => {
    let parsed: z.infer<typeof clientMessage>;
    try {
      if (isBinary) throw new CallboardError('invalid', 'Send JSON text messages');
      const json = JSON.parse(data.toString()) as unknown;
      const result = clientMessage.safeParse(json);
      if (!result.success) throw new CallboardError('invalid', `Malformed message: ${result.error.issues[0]?.message ?? 'bad shape'}`);
      parsed = result.data;
    } catch (err) {
      const e = err instanceof SyntaxError ? new CallboardError('invalid', 'Malformed JSON message') : toCallboardError(err);
      send({ type: 'error', error: e.toShape() });
      return;
    }

    if (parsed.type === 'auth') {
      try {
        const p = principalFromToken(app, parsed.token, localSecret, parsed.as);
        if (!p || !app.services.authorizer.activeUser(p.userId)) {
          throw new CallboardError('unauthenticated', 'Unknown user or suspended account');
        }
        principal = p;
        send({ type: 'ready', ...(parsed.id ? { id: parsed.id } : {}), userId: p.userId, deviceId: p.deviceId });
      } catch (err) {
        send({ type: 'error', ...(parsed.id ? { id: parsed.id } : {}), error: toCallboardError(err).toShape() });
      }
      return;
    }

    if (parsed.type === 'call') {
      const started = performance.now();
      const { id, procedure, input } = parsed;
      try {
        const result = await app.dispatcher.call(principal, procedure, input);
        send({ type: 'result', id, ok: true, result: result ?? null });
        log(`WS   ${procedure} ok ${(performance.now() - started).toFixed(1)}ms user=${principal?.userId ?? '-'} from=${remote}`);
      } catch (err) {
        const e = toCallboardError(err);
        send({ type: 'result', id, ok: false, error: e.toShape() });
        log(`WS   ${procedure} ${e.code} ${(performance.now() - started).toFixed(1)}ms user=${principal?.userId ?? '-'} from=${remote}`);
      }
      return;
    }

    if (parsed.type === 'subscribe') {
      if (!principal) {
        send({ type: 'result', id: parsed.id, ok: false, error: { code: 'unauthenticated', message: 'Sign in first' } });
        return;
      }
      subs.get(parsed.id)?.();
      subs.set(parsed.id, app.subscriptions.add(principal, parsed.scope, (event) => send({ type: 'change', event }), parsed.id));
      send({ type: 'result', id: parsed.id, ok: true, result: { subscribed: parsed.scope } });
      return;
    }

    subs.get(parsed.id)?.();
    subs.delete(parsed.id);
    send({ type: 'result', id: parsed.id, ok: true, result: { unsubscribed: parsed.id } });
  });

  socket.on('close', () => {
    for (const off of subs.values()) off();
    subs.clear();
  });
  socket.on('error', () => socket.terminate());
}
