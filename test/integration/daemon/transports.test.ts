import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../../../core/api/protocol.ts';
import { MAX_MESSAGE_BYTES } from '../../../core/api/protocol.ts';
import { startServer, type RunningServer } from '../../../core/daemon/server.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';

let t: TestApp;
let server: RunningServer;
let token: string;
const logs: string[] = [];

beforeEach(async () => {
  t = await createTestApp();
  token = t.app.services.tokens.create(t.adminId, 'test').token;
  logs.length = 0;
  server = await startServer({ app: t.app, host: '127.0.0.1', port: 0, localSecret: 'local-secret-for-tests', log: (l) => logs.push(l) });
});
afterEach(async () => {
  await server.close();
  t.cleanup();
});

async function post(procedure: string, body: string | undefined, auth: string | null = token) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth !== null) headers.authorization = `Bearer ${auth}`;
  const res = await fetch(`${server.url}api/${procedure}`, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });
  return { status: res.status, body: (await res.json()) as { result?: unknown; error?: { code: string; message: string } } };
}

describe('HTTP transport', () => {
  it('serves a procedure with a bearer token and logs one readable line per request', async () => {
    const res = await post('org.get', '{}');
    expect(res.status).toBe(200);
    expect(res.body.result).toMatchObject({ company: { name: 'Riverside Players' } });
    expect(logs.at(-1)).toMatch(/^HTTP POST \/api\/org\.get 200 [\d.]+ms user=usr-\w+ from=127\.0\.0\.1$/);
  });

  it('treats an empty body as empty input', async () => {
    expect((await post('session.whoami', undefined)).body.result).toMatchObject({ user: { name: 'Morgan Reyes' }, via: 'token' });
  });

  it.each([
    ['a missing token', null, 401, 'unauthenticated'],
    ['a wrong token', 'cb_wrong', 401, 'unauthenticated'],
  ])('refuses %s', async (_what, auth, status, code) => {
    const res = await post('org.get', '{}', auth);
    expect(res.status).toBe(status);
    expect(res.body.error?.code).toBe(code);
  });

  it('refuses a revoked token', async () => {
    const [info] = t.app.services.tokens.list(t.adminId);
    t.app.services.tokens.revoke(info!.id);
    expect((await post('org.get', '{}')).body.error?.code).toBe('unauthenticated');
  });

  it('answers 404 not_found for an unknown procedure', async () => {
    const res = await post('org.nope', '{}');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', message: 'Unknown procedure "org.nope"' });
  });

  it('answers 400 invalid for a malformed JSON body', async () => {
    const res = await post('org.update', '{"city": ');
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'invalid', message: 'The request body is not valid JSON' });
  });

  it('answers 400 invalid naming the field for a bad input', async () => {
    const res = await post('org.update', '{"website": "not a url"}');
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toContain('website');
  });

  it('answers 413 too_large for an oversized body and stays up', async () => {
    const res = await post('org.update', JSON.stringify({ city: 'x'.repeat(MAX_MESSAGE_BYTES + 10) }));
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe('too_large');
    expect((await post('org.get', '{}')).status).toBe(200);
  });

  it('answers 503 unavailable once the store is closed', async () => {
    t.app.close();
    const res = await post('org.get', '{}');
    expect(res.status).toBe(503);
    expect(res.body.error?.code).toBe('unavailable');
  });

  it('accepts the local secret for the CLI, acting as the store owner or a named user', async () => {
    const res = await post('session.whoami', '{}', 'local-secret-for-tests');
    expect(res.body.result).toMatchObject({ user: { id: t.adminId }, via: 'local' });
  });
});

class WsClient {
  readonly messages: ServerMessage[] = [];
  #waiters: Array<() => void> = [];
  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as ServerMessage);
      for (const w of this.#waiters.splice(0)) w();
    });
  }
  static async open(url: string): Promise<WsClient> {
    const socket = new WebSocket(url.replace(/^http/, 'ws') + 'ws');
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new WsClient(socket);
  }
  send(msg: unknown): void {
    this.socket.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }
  async next(pred: (m: ServerMessage) => boolean): Promise<ServerMessage> {
    for (;;) {
      const found = this.messages.find(pred);
      if (found) {
        this.messages.splice(this.messages.indexOf(found), 1);
        return found;
      }
      await new Promise<void>((r) => this.#waiters.push(r));
    }
  }
  close(): void {
    this.socket.close();
  }
}

describe('WebSocket transport', () => {
  it('authenticates, answers calls, and reports errors in the common shape', async () => {
    const c = await WsClient.open(server.url);
    c.send({ type: 'call', id: '1', procedure: 'org.get', input: {} });
    expect(await c.next((m) => m.type === 'result')).toMatchObject({ id: '1', ok: false, error: { code: 'unauthenticated' } });
    c.send({ type: 'auth', token });
    expect(await c.next((m) => m.type === 'ready')).toMatchObject({ userId: t.adminId });
    c.send({ type: 'call', id: '2', procedure: 'org.get', input: {} });
    expect(await c.next((m) => m.type === 'result')).toMatchObject({ id: '2', ok: true, result: { company: { name: 'Riverside Players' } } });
    c.send({ type: 'call', id: '3', procedure: 'org.update', input: { city: 7 } });
    expect(await c.next((m) => m.type === 'result')).toMatchObject({ id: '3', ok: false, error: { code: 'invalid' } });
    c.close();
  });

  it('refuses a bad token and malformed messages, and the connection stays usable', async () => {
    const c = await WsClient.open(server.url);
    c.send({ type: 'auth', token: 'cb_nope' });
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ error: { code: 'unauthenticated' } });
    c.send('{not json');
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ error: { code: 'invalid', message: 'Malformed JSON message' } });
    c.send({ type: 'teleport' });
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ error: { code: 'invalid' } });
    c.send({ type: 'auth', token });
    expect(await c.next((m) => m.type === 'ready')).toBeTruthy();
    c.close();
  });

  it('tells a subscriber what changed, for the scopes it subscribed to', async () => {
    const c = await WsClient.open(server.url);
    c.send({ type: 'auth', token });
    await c.next((m) => m.type === 'ready');
    c.send({ type: 'subscribe', id: 's-org', scope: 'org' });
    c.send({ type: 'subscribe', id: 's-policy', scope: 'policy' });
    await c.next((m) => m.type === 'result' && m.id === 's-org');
    await c.next((m) => m.type === 'result' && m.id === 's-policy');
    await t.app.dispatcher.call(t.admin, 'org.update', { city: 'Salem' });
    const change = await c.next((m) => m.type === 'change');
    expect(change).toMatchObject({ type: 'change', event: { subscription: 's-org', docId: 'org', scope: 'org', origin: 'local' } });
    c.send({ type: 'unsubscribe', id: 's-org' });
    await c.next((m) => m.type === 'result' && m.id === 's-org');
    await t.app.dispatcher.call(t.admin, 'org.update', { city: 'Bend' });
    await t.app.dispatcher.call(t.admin, 'users.create', { name: 'Dev Okafor', email: 'dev@example.org' });
    const next = await c.next((m) => m.type === 'change');
    expect(next).toMatchObject({ event: { subscription: 's-policy', scope: 'policy' } });
    c.close();
  });
});
