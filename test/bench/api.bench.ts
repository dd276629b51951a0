/**
 * API round trip of a trivial procedure (session.whoami) in-process, over loopback HTTP and
 * over WebSocket: p50/p99 latency sequentially, and requests/s with 20 concurrent clients.
 * Peer: a bare node:http server answering the same JSON, as the floor of what HTTP costs here.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import { openApp } from '../../core/api/app.ts';
import { initCompany } from '../../core/api/setup.ts';
import { systemClock } from '../../core/clock.ts';
import { startServer } from '../../core/daemon/server.ts';
import { tempDir } from '../fixtures/app.ts';
import { fmt, report, summarize } from './stats.ts';

const SEQUENTIAL = 2000;
const CONCURRENT_CLIENTS = 20;
const PER_CLIENT = 200;

const root = tempDir('cb-bench-api-');
const app = await openApp({ dataDir: path.join(root, 'store'), clock: systemClock });
const { adminId } = initCompany(app.store, {
  company: { name: 'Bench Players', shortName: 'Bench', city: '', timeZone: 'UTC', website: '', email: '' },
  admin: { name: 'Bench Admin', email: 'bench@example.org' },
});
const { token } = app.services.tokens.create(adminId, 'bench');
const server = await startServer({ app, host: '127.0.0.1', port: 0, localSecret: 'x'.repeat(40), log: () => undefined });
const principal = app.localPrincipal(adminId);

async function timeSequential(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 100; i++) await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

async function throughput(clients: Array<() => Promise<unknown>>, perClient: number): Promise<number> {
  const t0 = performance.now();
  await Promise.all(clients.map(async (fn) => {
    for (let i = 0; i < perClient; i++) await fn();
  }));
  return (clients.length * perClient) / ((performance.now() - t0) / 1000);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function httpCall(url: string, auth: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString())) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

async function wsClient(): Promise<() => Promise<unknown>> {
  const ws = new WebSocket(server.url.replace('http', 'ws') + 'ws');
  await new Promise((r) => ws.once('open', r));
  const pending = new Map<string, (v: unknown) => void>();
  let next = 0;
  ws.on('message', (d) => {
    const msg = JSON.parse(d.toString()) as { type: string; id?: string };
    if (msg.type !== 'result' || !msg.id) return;
    pending.get(msg.id)?.(msg);
    pending.delete(msg.id);
  });
  const ready = new Promise((r) => ws.once('message', r));
  ws.send(JSON.stringify({ type: 'auth', token }));
  await ready;
  return () =>
    new Promise((resolve) => {
      const id = String(++next);
      pending.set(id, resolve);
      ws.send(JSON.stringify({ type: 'call', id, procedure: 'session.whoami', input: {} }));
    });
}

const inProc = summarize(await timeSequential(SEQUENTIAL, () => app.dispatcher.call(principal, 'session.whoami', {})));
report({ name: 'api.inprocess.p99', value: inProc.p99, unit: 'ms', detail: `p50 ${fmt(inProc.p50)}`, workload: `${SEQUENTIAL} sequential session.whoami calls` });

// Authorization overhead: the dispatcher's whole path (validate, authorize with the
// permission engine, run) for a grant-protected query, minus the handler run directly.
const orgGet = app.dispatcher.procedure('org.get')!;
const ctx = { principal, store: app.store, clock: systemClock, services: app.services, audit: () => undefined, can: () => true };
const direct = summarize(await timeSequential(SEQUENTIAL, async () => orgGet.handler({}, ctx, undefined)));
const viaDispatcher = summarize(await timeSequential(SEQUENTIAL, () => app.dispatcher.call(principal, 'org.get', {})));
report({
  name: 'api.dispatcher_overhead.p99',
  value: Math.max(0, viaDispatcher.p99 - direct.p99),
  unit: 'ms',
  detail: `p50 ${fmt(viaDispatcher.p50 - direct.p50)}`,
  workload: `org.get via the dispatcher (validate, authorize, run) minus the handler alone, ${SEQUENTIAL} sequential calls`,
  target: { lt: 0.05 },
  requirement: 'permission-checks',
});

const url = `${server.url}api/session.whoami`;
const httpSeq = summarize(await timeSequential(SEQUENTIAL, () => httpCall(url, token)));
const httpRps = await throughput(Array.from({ length: CONCURRENT_CLIENTS }, () => () => httpCall(url, token)), PER_CLIENT);

const bare = http.createServer((_req, res) => {
  _req.resume();
  _req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    res.end('{"result":{"ok":true}}');
  });
});
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
const bareSeq = summarize(await timeSequential(SEQUENTIAL, () => httpCall(bareUrl, token)));
const bareRps = await throughput(Array.from({ length: CONCURRENT_CLIENTS }, () => () => httpCall(bareUrl, token)), PER_CLIENT);
report({
  name: 'api.http.p99',
  value: httpSeq.p99,
  unit: 'ms',
  detail: `p50 ${fmt(httpSeq.p50)}; peer p50 ${fmt(bareSeq.p50)}`,
  workload: `${SEQUENTIAL} sequential session.whoami calls over HTTP`,
  target: { lt: 5 },
  peer: { name: 'bare node:http', value: bareSeq.p99 },
});
report({
  name: 'api.http.throughput',
  value: httpRps,
  unit: 'req/s',
  workload: `${CONCURRENT_CLIENTS} concurrent clients x ${PER_CLIENT} session.whoami calls`,
  peer: { name: 'bare node:http', value: bareRps },
});

const ws = await wsClient();
const wsSeq = summarize(await timeSequential(SEQUENTIAL, ws));
const wsClients = await Promise.all(Array.from({ length: CONCURRENT_CLIENTS }, () => wsClient()));
const wsRps = await throughput(wsClients, PER_CLIENT);
report({ name: 'api.websocket.p99', value: wsSeq.p99, unit: 'ms', detail: `p50 ${fmt(wsSeq.p50)}`, workload: `${SEQUENTIAL} sequential session.whoami calls over WebSocket` });
report({ name: 'api.websocket.throughput', value: wsRps, unit: 'req/s', workload: `${CONCURRENT_CLIENTS} concurrent clients x ${PER_CLIENT} session.whoami calls` });

bare.close();
agent.destroy();
await server.close();
app.close();
fs.rmSync(root, { recursive: true, force: true });
process.exit(0);
