/**
 * Box office benchmarks.
 *   1. A 2,000-seat house sold by 50 concurrent buyers over the daemon's HTTP API: sales/s
 *      (orders and tickets), conflicts answered, and the double-sale count (must be 0).
 *      Peer: bare better-sqlite3 commits/s with the store's durability (WAL, synchronous=FULL),
 *      the ceiling for one durable write per sale on this disk.
 *   2. The documents of that sold-out house: the seat-state document and the largest order
 *      bucket, bytes and load time (docs/decisions/0004-box-office.md records these).
 *   3. Seat-map SVG render of the 2,000 seats.
 *   4. A season report over 500,000 tickets (250 performances x 2,000), through the API:
 *      the documents are written through the store (bypassing only the API: selling them
 *      would take an hour) so the projection indexes them as it indexes sales.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import * as A from '@automerge/automerge';
import Database from 'better-sqlite3';
import { openApp } from '../../core/api/app.ts';
import { initCompany } from '../../core/api/setup.ts';
import { systemClock } from '../../core/clock.ts';
import { startServer } from '../../core/daemon/server.ts';
import { generateLayout } from '../../core/ticketing/chart.ts';
import { activeLines, imm, ORDERS_DOC_TYPE, ORDERS_PER_BUCKET, ordersDocId, type OrdersDoc, type TicketsDoc } from '../../core/ticketing/model.ts';
import { renderSeatMap, type MapStatus } from '../../core/ticketing/svg.ts';
import { tempDir } from '../fixtures/app.ts';
import { fmt, report, summarize } from './stats.ts';

const BUYERS = 50;
const ROWS = 40;
const PER_ROW = 50;
const root = tempDir('cb-bench-tickets-');
const app = await openApp({ dataDir: path.join(root, 'store'), clock: systemClock });
const { adminId } = initCompany(app.store, {
  company: { name: 'Bench Players', shortName: 'Bench', city: '', timeZone: 'UTC', website: '', email: '' },
  admin: { name: 'Bench Admin', email: 'bench@example.org' },
});
const admin = app.localPrincipal(adminId);
const call = (p: string, i: unknown) => app.dispatcher.call(admin, p, i);
const { token } = app.services.tokens.create(adminId, 'bench');
const server = await startServer({ app, host: '127.0.0.1', port: 0, localSecret: 'x'.repeat(40), log: () => undefined });

const spec = {
  zones: [
    { id: 'premium', name: 'Premium', color: '#7b2d8e' },
    { id: 'standard', name: 'Standard', color: '#1f6fb2' },
  ],
  stage: { label: 'Stage', width: 900, height: 60 },
  sections: [{ area: 'hall', name: 'Hall', rows: ROWS, seatsPerRow: PER_ROW, aislesAfter: [12, 38], curve: 40, zone: 'standard', zoneByRow: Object.fromEntries('ABCDEFGHJK'.split('').map((r) => [r, 'premium'])) }],
};
await call('charts.create', { venueId: 'arena', spaceId: 'hall', chartId: 'hall', name: 'Hall', generate: spec });
await call('performances.create', {
  performanceId: 'big',
  productionId: 'bench',
  title: 'Bench night',
  venueId: 'arena',
  spaceId: 'hall',
  chartId: 'hall',
  startsAt: systemClock.now() + 30 * 86_400_000,
  prices: [
    { id: 'p', ticketType: 'adult', zone: 'premium', amount: 4000 },
    { id: 's', ticketType: 'adult', zone: 'standard', amount: 2500 },
  ],
});
const layout = generateLayout(spec);
const rows = new Map<string, string[]>();
for (const s of layout.seats) rows.set(s.row, [...(rows.get(s.row) ?? []), s.id]);
const rowList = [...rows.values()];
const zoneOf = new Map(layout.seats.map((s) => [s.id, s.zone]));

// ---- 1. 50 concurrent buyers over HTTP ----------------------------------------------------
const agent = new http.Agent({ keepAlive: true, maxSockets: BUYERS + 4 });
function post(procedure: string, input: unknown): Promise<{ status: number; body: { result?: unknown; error?: { code: string } } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}api/${procedure}`, { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) as { result?: unknown; error?: { code: string } } }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(input));
  });
}

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const believedFree = new Set(layout.seats.map((s) => s.id));
let orders = 0;
let tickets = 0;
let conflicts = 0;
let otherErrors = 0;
const latencies: number[] = [];
async function buyer(i: number): Promise<void> {
  for (let attempt = 0; attempt < 200 && believedFree.size > 0; attempt++) {
    // Each buyer looks at a (slightly stale) map: a random row, 1-4 seats side by side that look free.
    const row = rowList[Math.floor(rnd() * rowList.length)]!;
    const start = Math.floor(rnd() * row.length);
    const count = 1 + Math.floor(rnd() * 4);
    const seats = row.slice(start, start + count).filter((s) => believedFree.has(s));
    if (seats.length === 0) continue;
    const t0 = performance.now();
    const r = await post('tickets.sell', {
      performanceId: 'big',
      idempotencyKey: `buyer-${i}-${attempt}`,
      tickets: seats.map((seatId) => ({ seatId, priceId: zoneOf.get(seatId) === 'premium' ? 'p' : 's' })),
      buyer: { name: `Buyer ${i}` },
      payment: { method: 'card' },
    });
    latencies.push(performance.now() - t0);
    if (r.status === 200) {
      orders++;
      tickets += seats.length;
      for (const s of seats) believedFree.delete(s);
    } else if (r.body.error?.code === 'conflict' || r.body.error?.code === 'sold_out') {
      conflicts++;
      for (const s of seats) believedFree.delete(s); // the map refreshes: taken seats disappear
    } else otherErrors++;
  }
}
const t0 = performance.now();
const cpu0 = process.cpuUsage();
await Promise.all(Array.from({ length: BUYERS }, (_, i) => buyer(i)));
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
// CPU time per request (daemon and buyers share this process): less sensitive than wall time to other load on the machine.
const cpuPerRequest = (cpu.user + cpu.system) / 1000 / (orders + conflicts + otherErrors);
const seen = new Map<string, number>();
for (const o of app.services.boxOffice.orders('big')) for (const l of activeLines(o)) seen.set(l.seat, (seen.get(l.seat) ?? 0) + 1);
const doubles = [...seen.values()].filter((n) => n > 1).length;
const lat = summarize(latencies);

const peerDir = tempDir('cb-bench-peer-');
const peer = new Database(path.join(peerDir, 'peer.db'));
peer.pragma('journal_mode = WAL');
peer.pragma('synchronous = FULL');
peer.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)');
const ins = peer.prepare('INSERT INTO t VALUES (?, ?)');
const p0 = performance.now();
for (let i = 0; i < 500; i++) peer.transaction(() => ins.run(`k${i}`, 'x'.repeat(300)))();
const peerRate = 500 / ((performance.now() - p0) / 1000);
peer.close();

report({
  name: 'tickets.sales_http',
  value: orders / seconds,
  unit: 'orders/s',
  detail: `${(tickets / seconds).toFixed(0)} tickets/s; p50 ${fmt(lat.p50)}, p99 ${fmt(lat.p99)}; CPU ${cpuPerRequest.toFixed(2)} ms per request (daemon and buyers' HTTP client in one process)`,
  workload: `2,000-seat house, ${BUYERS} concurrent buyers over HTTP; ${orders} orders, ${tickets} tickets, ${conflicts} conflicts answered, ${otherErrors} other errors`,
  target: { gte: 300 },
  peer: { name: 'better-sqlite3 durable commits (WAL, synchronous=FULL)', value: peerRate },
});
report({ name: 'tickets.double_sales', value: doubles, unit: 'count', workload: `${seen.size} seats sold by ${BUYERS} concurrent buyers`, target: { lte: 0 } });

// ---- 2. the sold-out house's documents ----------------------------------------------------
// The seat-state document a sale checks, and the largest order bucket.
function docFigures(id: string): { kib: number; load: number } {
  const bytes = A.save(app.store.doc(id));
  const loads: number[] = [];
  for (let i = 0; i < 5; i++) {
    const l0 = performance.now();
    A.load(bytes);
    loads.push(performance.now() - l0);
  }
  return { kib: bytes.byteLength / 1024, load: summarize(loads).p50 };
}
const buckets = app.store.list({ scope: 'boxoffice:big' }).filter((d) => d.type === ORDERS_DOC_TYPE);
const biggest = buckets.map((b) => ({ id: b.id, orders: Object.keys(app.store.doc<OrdersDoc>(b.id).orders).length })).sort((a, b) => b.orders - a.orders)[0]!;
const seatDoc = docFigures('tickets:big');
const bucketDoc = docFigures(biggest.id);
const docWorkload = `sold-out house: ${orders} orders in ${buckets.length} order buckets, ${seen.size} sold seats (DESIGN: ~1,000 entities per document)`;
report({ name: 'tickets.document.seat_state.size', value: seatDoc.kib, unit: 'KiB', workload: docWorkload });
report({ name: 'tickets.document.seat_state.load_p50', value: seatDoc.load, unit: 'ms', workload: docWorkload });
report({ name: 'tickets.document.bucket.size', value: bucketDoc.kib, unit: 'KiB', workload: `largest order bucket, ${biggest.orders} orders` });
report({ name: 'tickets.document.bucket.load_p50', value: bucketDoc.load, unit: 'ms', workload: `largest order bucket, ${biggest.orders} orders` });

// ---- 3. SVG render -------------------------------------------------------------------------
const statuses = new Map<string, MapStatus>(layout.seats.map((s, i) => [s.id, (['available', 'sold', 'held', 'killed'] as const)[i % 4]!]));
const renders: number[] = [];
let svgBytes = 0;
for (let i = 0; i < 30; i++) {
  const r0 = performance.now();
  svgBytes = renderSeatMap({ layout, status: statuses, title: 'Bench night' }).length;
  renders.push(performance.now() - r0);
}
const rs = summarize(renders);
report({ name: 'tickets.svg_render.p99', value: rs.p99, unit: 'ms', detail: `p50 ${fmt(rs.p50)}`, workload: `${layout.seats.length} seats, ${(svgBytes / 1024).toFixed(0)} KiB of SVG` });

// ---- 4. season report over 500,000 tickets ------------------------------------------------
// 250 tickets documents of 500 orders x 4 tickets, written through the store (so the
// projection indexes them exactly as it indexes sales), bypassing only the API.
const PERFS = 250;
const b0 = performance.now();
app.store.transaction(() => {
  app.store.create<{ production: unknown }>('production:season-show', 'production', 'production:season-show', (d) => {
    d.production = { id: 'season-show', title: 'Season show', season: '2030-31', status: 'running', opening: null, closing: null, description: '', createdAt: 0 };
  });
  const types = ['adult', 'senior', 'student', 'child'];
  const methods = ['card', 'cash', 'external', 'comp'];
  for (let p = 0; p < PERFS; p++) {
    const perfId = `season-${p}`;
    app.store.create<TicketsDoc>(`tickets:${perfId}`, 'tickets', `boxoffice:${perfId}`, (d) => {
      d.performance = {
        id: imm(perfId), productionId: imm('season-show'), eventId: null, title: imm('Season show'), venueId: imm('arena'), spaceId: imm('hall'), chartId: imm('hall'), chartVersion: 1,
        startsAt: 1_900_000_000_000 + p * 86_400_000, onSaleAt: null, offSaleAt: null, holdMinutes: 10, offerMinutes: 1440, status: imm('scheduled'), poolDevice: imm('dev'), createdAt: 0,
      };
      d.prices = {};
      d.kills = {};
      d.allocations = {};
      d.holds = {};
      d.waitlist = {};
    });
    app.store.evict(`tickets:${perfId}`);
    const perBucket = ORDERS_PER_BUCKET;
    const count = layout.seats.length / 4;
    for (let b = 0; b * perBucket < count; b++) {
      const id = ordersDocId(perfId, 'dev', b + 1);
      app.store.create<OrdersDoc>(id, ORDERS_DOC_TYPE, `boxoffice:${perfId}`, (d) => {
        d.bucket = { performanceId: imm(perfId), productionId: imm('season-show'), device: imm('dev'), n: b + 1, createdAt: 0 };
        d.orders = {};
        d.adjustments = {};
        for (let o = b * perBucket; o < Math.min(count, (b + 1) * perBucket); o++) {
          const method = methods[(p + o) % 4]!;
          const lines = layout.seats.slice(o * 4, o * 4 + 4).map((seat, k) => ({ id: `l${k + 1}`, seat: seat.id, priceId: seat.zone, ticketType: types[k]!, zone: seat.zone, amount: method === 'comp' ? 0 : 2500 }));
          const data = { id: `o${o}`, createdAt: 1_890_000_000_000 + (o % 90) * 86_400_000, device: 'dev', by: 'u', buyer: { name: 'B', email: '', phone: '' }, payment: { method, reference: '' }, idempotencyKey: null, fingerprint: 'f', source: 'boxoffice', externalId: null, externalPlatform: null, note: '', lines };
          d.orders[`o${o}`] = imm(JSON.stringify(data));
        }
      });
      app.store.evict(id);
    }
  }
});
report({ name: 'tickets.season_setup', value: performance.now() - b0, unit: 'ms', workload: `write and index ${PERFS} seat-state documents and ${PERFS * Math.ceil(layout.seats.length / 4 / ORDERS_PER_BUCKET)} order buckets (${(PERFS * layout.seats.length).toLocaleString('en')} tickets)` });
const reportTimes: number[] = [];
let total = 0;
for (let i = 0; i < 5; i++) {
  const r0 = performance.now();
  const r = (await call('tickets.report', { season: '2030-31' })) as { totals: { sold: number; comp: number } };
  reportTimes.push(performance.now() - r0);
  total = r.totals.sold + r.totals.comp;
}
const rt = summarize(reportTimes);
report({ name: 'tickets.season_report.p50', value: rt.p50, unit: 'ms', detail: `max ${fmt(Math.max(...reportTimes))}`, workload: `${total.toLocaleString('en')} tickets in ${PERFS} performances, through the API, 5 runs`, target: { lt: 1000 } });

agent.destroy();
await server.close();
app.close();
fs.rmSync(root, { recursive: true, force: true });
fs.rmSync(peerDir, { recursive: true, force: true });
process.exit(0);
