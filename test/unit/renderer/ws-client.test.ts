import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { ChangeEvent, ClientMessage, ServerMessage } from '../../../core/api/protocol.ts';
import { ApiError } from '../../../renderer/api/api-error.ts';
import type { ClientStatus } from '../../../renderer/api/types.ts';
import { backoffDelay, WsClient, type Scheduler, type SocketLike } from '../../../renderer/api/ws-client.ts';

/** A loopback server speaking the daemon's WebSocket protocol, with a scripted API. */
class TestServer {
  readonly wss: WebSocketServer;
  readonly received: ClientMessage[] = [];
  /** Live subscriptions of the current connection, id → scope. */
  readonly subs = new Map<string, string>();
  connections = 0;
  #socket: WebSocket | undefined;
  /** When set, calls are received but never answered. */
  holdCalls = false;

  private constructor(wss: WebSocketServer) {
    this.wss = wss;
    wss.on('connection', (socket) => {
      this.connections++;
      this.#socket = socket;
      this.subs.clear();
      let signedIn = false;
      const send = (msg: ServerMessage) => socket.send(JSON.stringify(msg));
      socket.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as ClientMessage;
        this.received.push(msg);
        if (msg.type === 'auth') {
          if (msg.token === 'cb_good') {
            signedIn = true;
            send({ type: 'ready', userId: 'u-morgan', deviceId: 'dev-daemon' });
          } else {
            send({ type: 'error', error: { code: 'unauthenticated', message: 'The token is unknown or revoked' } });
          }
        } else if (msg.type === 'call') {
          if (this.holdCalls) return;
          if (!signedIn) send({ type: 'result', id: msg.id, ok: false, error: { code: 'unauthenticated', message: 'Sign in first' } });
          else if (msg.procedure === 'org.get') send({ type: 'result', id: msg.id, ok: true, result: { company: { name: 'Riverside Players' }, createdAt: 1 } });
          else send({ type: 'result', id: msg.id, ok: false, error: { code: 'not_found', message: `Unknown procedure "${msg.procedure}"`, details: { procedure: msg.procedure } } });
        } else if (msg.type === 'subscribe') {
          this.subs.set(msg.id, msg.scope);
          send({ type: 'result', id: msg.id, ok: true, result: { subscribed: msg.scope } });
        } else {
          this.subs.delete(msg.id);
          send({ type: 'result', id: msg.id, ok: true, result: { unsubscribed: msg.id } });
        }
      });
    });
  }

  static async start(): Promise<TestServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    return new TestServer(wss);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/ws`;
  }

  /** Sends a change event for every live subscription matching `scope`. */
  change(scope: string): void {
    for (const [id, pattern] of this.subs) {
      if (pattern !== '*' && pattern !== scope) continue;
      const event: ChangeEvent = { subscription: id, docId: scope, type: 'test', scope, heads: ['h'], origin: 'remote' };
      this.#socket?.send(JSON.stringify({ type: 'change', event } satisfies ServerMessage));
    }
  }

  /** Drops the current connection abruptly, as a network failure would. */
  drop(): void {
    this.#socket?.terminate();
  }

  close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}

/** Timers the test fires by hand: no sleeping, no real clock. */
class ManualScheduler implements Scheduler {
  readonly timers = new Map<number, { fn: () => void; ms: number }>();
  #next = 0;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#next;
    this.timers.set(id, { fn, ms });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  delays(): number[] {
    return [...this.timers.values()].map((t) => t.ms);
  }
  runAll(): void {
    const due = [...this.timers.values()];
    this.timers.clear();
    for (const t of due) t.fn();
  }
}

function until(client: WsClient, pred: (s: ClientStatus) => boolean): Promise<ClientStatus> {
  return vi.waitFor(
    () => {
      const s = client.status.get();
      if (!pred(s)) throw new Error(`status is ${JSON.stringify({ ...s, lastError: s.lastError?.message })}`);
      return s;
    },
    { timeout: 5000, interval: 5 },
  );
}

let server: TestServer;
let scheduler: ManualScheduler;
const clients: WsClient[] = [];

function connect(token = 'cb_good', url = server.url): WsClient {
  const client = new WsClient({
    url,
    token,
    scheduler,
    createSocket: (u) => new WebSocket(u) as unknown as SocketLike,
    backoff: { initialMs: 100, maxMs: 1000, factor: 2 },
  });
  clients.push(client);
  return client;
}

beforeEach(async () => {
  server = await TestServer.start();
  scheduler = new ManualScheduler();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.close();
});

describe('WsClient', () => {
  it('authenticates with the token first, then answers calls', async () => {
    const client = connect();
    expect(client.status.get().connection).toBe('connecting');
    await client.whenReady();
    expect(client.status.get().connection).toBe('online');
    expect(client.identity).toEqual({ userId: 'u-morgan', deviceId: 'dev-daemon' });
    expect(server.received[0]).toEqual({ type: 'auth', token: 'cb_good' });
    await expect(client.invoke('org.get', {})).resolves.toEqual({ company: { name: 'Riverside Players' }, createdAt: 1 });
    expect(client.status.get().pending).toBe(0);
  });

  it('queues calls made while connecting and sends them once signed in', async () => {
    const client = connect();
    const answer = client.invoke('org.get', {});
    expect(client.status.get().pending).toBe(1);
    await expect(answer).resolves.toMatchObject({ company: { name: 'Riverside Players' } });
    expect(server.received.map((m) => m.type)).toEqual(['auth', 'call']);
  });

  it('rejects a failed call with the API error code, message and details', async () => {
    const client = connect();
    await client.whenReady();
    const err = await client.invoke('audit.verify', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'not_found', message: 'Unknown procedure "audit.verify"', details: { procedure: 'audit.verify' } });
  });

  it('a refused token ends in "rejected" with the daemon\'s message, and never reconnects', async () => {
    const client = connect('cb_bad');
    await expect(client.whenReady()).rejects.toMatchObject({ code: 'unauthenticated', message: 'The token is unknown or revoked' });
    expect(client.status.get().connection).toBe('rejected');
    await expect(client.invoke('org.get', {})).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(scheduler.timers.size).toBe(0);
  });

  it('counts calls in flight as pending', async () => {
    const client = connect();
    await client.whenReady();
    server.holdCalls = true;
    const a = client.invoke('org.get', {});
    const b = client.invoke('org.get', {});
    expect(client.status.get().pending).toBe(2);
    server.drop();
    await expect(a).rejects.toMatchObject({ code: 'unavailable' });
    await expect(b).rejects.toThrow(/Lost the connection to the Callboard daemon before it answered org.get/);
    expect(client.status.get().pending).toBe(0);
  });

  it('delivers change events to subscribers, and stops after unsubscribe', async () => {
    const client = connect();
    await client.whenReady();
    const events: ChangeEvent[] = [];
    const off = client.subscribe('*', (e) => events.push(e));
    await vi.waitFor(() => expect(server.subs.size).toBe(1));
    server.change('policy');
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toMatchObject({ scope: 'policy', origin: 'remote' });
    off();
    await vi.waitFor(() => expect(server.subs.size).toBe(0));
    expect(server.received.at(-1)).toMatchObject({ type: 'unsubscribe' });
  });

  it('when the connection drops: fails calls at once while offline, reconnects with backoff, re-subscribes', async () => {
    const client = connect();
    await client.whenReady();
    const events: string[] = [];
    client.subscribe('*', (e) => events.push(e.scope));
    await vi.waitFor(() => expect(server.subs.size).toBe(1));

    server.drop();
    const offline = await until(client, (s) => s.connection === 'offline');
    expect(offline.attempt).toBe(1);
    expect(offline.lastError?.message).toBe('Lost the connection to the Callboard daemon');
    expect(scheduler.delays()).toEqual([backoffDelay({ initialMs: 100, maxMs: 1000, factor: 2 }, 1)]);
    await expect(client.invoke('org.get', {})).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/^Offline/) });

    scheduler.runAll(); // the backoff delay passes
    await until(client, (s) => s.connection === 'online');
    expect(server.connections).toBe(2);
    await vi.waitFor(() => expect(server.subs.size).toBe(1)); // re-subscribed on the new connection
    server.change('org');
    await vi.waitFor(() => expect(events).toEqual(['org']));
    await expect(client.invoke('org.get', {})).resolves.toMatchObject({ company: { name: 'Riverside Players' } });
  });

  it('backs off exponentially while the daemon stays away, up to the maximum', async () => {
    const client = connect();
    await client.whenReady();
    const { url } = server;
    await server.close();
    await until(client, (s) => s.connection === 'offline' && s.attempt === 1);
    const delays = [scheduler.delays()[0]];
    for (let attempt = 2; attempt <= 5; attempt++) {
      scheduler.runAll();
      await until(client, (s) => s.connection === 'offline' && s.attempt === attempt);
      delays.push(scheduler.delays()[0]);
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000]);
    expect(client.status.get().lastError?.message).toBe(`Cannot reach the Callboard daemon at ${url}`);
  });

  it('reconnect() retries at once instead of waiting for the backoff', async () => {
    const client = connect();
    await client.whenReady();
    server.drop();
    await until(client, (s) => s.connection === 'offline');
    client.reconnect();
    expect(scheduler.timers.size).toBe(0);
    await until(client, (s) => s.connection === 'online');
  });

  it('whenReady rejects with "unavailable" when the daemon cannot be reached at all', async () => {
    const { url } = server;
    await server.close();
    const client = connect('cb_good', url);
    await expect(client.whenReady()).rejects.toMatchObject({ code: 'unavailable', message: `Cannot reach the Callboard daemon at ${url}` });
  });

  it('close() fails pending calls, stops reconnecting, and refuses new calls', async () => {
    const client = connect();
    await client.whenReady();
    server.holdCalls = true;
    const pending = client.invoke('org.get', {});
    client.close();
    await expect(pending).rejects.toMatchObject({ code: 'unavailable' });
    await expect(client.invoke('org.get', {})).rejects.toBeInstanceOf(ApiError);
    expect(client.status.get().connection).toBe('closed');
    expect(scheduler.timers.size).toBe(0);
  });

  it('reports a message outside the protocol instead of trusting it', async () => {
    const client = connect();
    await client.whenReady();
    const errors: ApiError[] = [];
    client.onError((e) => errors.push(e));
    for (const c of server.wss.clients) c.send(JSON.stringify({ type: 'result', id: 'x', ok: 'yes' }));
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(errors[0]?.message).toMatch(/not part of the protocol/);
  });
});
