import type * as A from '@automerge/automerge';
import type { SqliteDatabase } from '../store/database.ts';
import type { Projection } from '../store/projection.ts';
import { places, type ChartLayout } from './chart.ts';
import {
  allLines,
  CHART_DOC_TYPE,
  ORDERS_DOC_TYPE,
  optStr,
  splitIds,
  str,
  TICKETS_DOC_TYPE,
  type ChartDoc,
  orderAt,
  ordersOf,
  type OrderHolder,
  type OrderRecord,
  type OrdersDoc,
  type TicketsDoc,
} from './model.ts';

/**
 * The box office's query tables, derived from chart and tickets documents:
 *   ticket_charts, ticket_chart_versions, ticket_chart_seats   charts and every version's places
 *   ticket_performances, ticket_prices, ticket_kills, ticket_allocations, ticket_waitlist
 *   ticket_holds          one row per held seat (expiry compared with the clock at read time)
 *   ticket_orders         one row per order (idempotency keys, external ids, totals, the document holding it)
 *   ticket_order_buckets  one row per order bucket document (device, number, orders in it)
 *   ticket_lines          one row per ticket ever sold, with its status: seat state and reports
 * A sale touches one order: `apply` reads the patches and re-derives only the orders and
 * holds they name, so a sale costs a handful of row writes whatever the house size.
 * Orders live in bucket documents (`ticket-orders`); tickets documents written before the
 * split may still hold some, and are projected the same way.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS ticket_charts (chart_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, venue_id TEXT NOT NULL, space_id TEXT NOT NULL, name TEXT NOT NULL, latest INTEGER NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ticket_chart_versions (chart_id TEXT NOT NULL, version INTEGER NOT NULL, places INTEGER NOT NULL, created_at INTEGER NOT NULL, note TEXT NOT NULL, PRIMARY KEY (chart_id, version));
CREATE TABLE IF NOT EXISTS ticket_chart_seats (chart_id TEXT NOT NULL, version INTEGER NOT NULL, seat_id TEXT NOT NULL, area TEXT NOT NULL, row_label TEXT NOT NULL, number INTEGER NOT NULL, x REAL NOT NULL, y REAL NOT NULL, zone TEXT NOT NULL, flags TEXT NOT NULL, ga INTEGER NOT NULL, PRIMARY KEY (chart_id, version, seat_id));
CREATE TABLE IF NOT EXISTS ticket_performances (perf_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, production_id TEXT NOT NULL, event_id TEXT, title TEXT NOT NULL, venue_id TEXT NOT NULL, space_id TEXT NOT NULL, chart_id TEXT NOT NULL, chart_version INTEGER NOT NULL, starts_at INTEGER NOT NULL, on_sale_at INTEGER, off_sale_at INTEGER, hold_minutes INTEGER NOT NULL, status TEXT NOT NULL, pool_device TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ticket_performances_production ON ticket_performances(production_id, starts_at);
CREATE INDEX IF NOT EXISTS ticket_performances_starts ON ticket_performances(starts_at);
CREATE TABLE IF NOT EXISTS ticket_prices (perf_id TEXT NOT NULL, price_id TEXT NOT NULL, ticket_type TEXT NOT NULL, zone TEXT NOT NULL, amount INTEGER NOT NULL, label TEXT NOT NULL, PRIMARY KEY (perf_id, price_id));
CREATE TABLE IF NOT EXISTS ticket_kills (perf_id TEXT NOT NULL, seat_id TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (perf_id, seat_id));
CREATE TABLE IF NOT EXISTS ticket_allocations (perf_id TEXT NOT NULL, seat_id TEXT NOT NULL, device TEXT NOT NULL, label TEXT NOT NULL, PRIMARY KEY (perf_id, seat_id, device));
CREATE TABLE IF NOT EXISTS ticket_holds (perf_id TEXT NOT NULL, hold_id TEXT NOT NULL, seat_id TEXT NOT NULL, expires_at INTEGER NOT NULL, kind TEXT NOT NULL, by_user TEXT NOT NULL, device TEXT NOT NULL, waitlist_entry TEXT, PRIMARY KEY (perf_id, hold_id, seat_id));
CREATE INDEX IF NOT EXISTS ticket_holds_seat ON ticket_holds(perf_id, seat_id);
CREATE TABLE IF NOT EXISTS ticket_orders (perf_id TEXT NOT NULL, order_id TEXT NOT NULL, doc_id TEXT NOT NULL, production_id TEXT NOT NULL, created_at INTEGER NOT NULL, device TEXT NOT NULL, by_user TEXT NOT NULL, buyer_name TEXT NOT NULL, buyer_email TEXT NOT NULL, payment TEXT NOT NULL, reference TEXT NOT NULL, idem_key TEXT, fingerprint TEXT NOT NULL, source TEXT NOT NULL, external_id TEXT, external_platform TEXT, total INTEGER NOT NULL, refunded INTEGER NOT NULL, active INTEGER NOT NULL, PRIMARY KEY (perf_id, order_id));
CREATE INDEX IF NOT EXISTS ticket_orders_key ON ticket_orders(perf_id, idem_key);
CREATE INDEX IF NOT EXISTS ticket_orders_external ON ticket_orders(external_platform, external_id);
CREATE INDEX IF NOT EXISTS ticket_orders_doc ON ticket_orders(doc_id);
CREATE TABLE IF NOT EXISTS ticket_order_buckets (doc_id TEXT PRIMARY KEY, perf_id TEXT NOT NULL, device TEXT NOT NULL, n INTEGER NOT NULL, orders INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS ticket_order_buckets_device ON ticket_order_buckets(perf_id, device, n);
CREATE TABLE IF NOT EXISTS ticket_lines (perf_id TEXT NOT NULL, order_id TEXT NOT NULL, line_id TEXT NOT NULL, seat_id TEXT NOT NULL, price_id TEXT NOT NULL, ticket_type TEXT NOT NULL, zone TEXT NOT NULL, amount INTEGER NOT NULL, status TEXT NOT NULL, payment TEXT NOT NULL, source TEXT NOT NULL, device TEXT NOT NULL, sold_at INTEGER NOT NULL, ended_at INTEGER, production_id TEXT NOT NULL, PRIMARY KEY (perf_id, order_id, line_id));
CREATE INDEX IF NOT EXISTS ticket_lines_seat ON ticket_lines(perf_id, seat_id, status);
CREATE INDEX IF NOT EXISTS ticket_lines_production ON ticket_lines(production_id, perf_id);
CREATE TABLE IF NOT EXISTS ticket_sales_summary (perf_id TEXT NOT NULL, zone TEXT NOT NULL, ticket_type TEXT NOT NULL, payment TEXT NOT NULL, tickets INTEGER NOT NULL, revenue INTEGER NOT NULL, PRIMARY KEY (perf_id, zone, ticket_type, payment)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ticket_sales_daily (perf_id TEXT NOT NULL, day TEXT NOT NULL, tickets INTEGER NOT NULL, revenue INTEGER NOT NULL, PRIMARY KEY (perf_id, day)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ticket_waitlist (perf_id TEXT NOT NULL, entry_id TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL, count INTEGER NOT NULL, zone TEXT, accessible INTEGER NOT NULL, max_price INTEGER, joined_at INTEGER NOT NULL, status TEXT NOT NULL, offer_hold TEXT, offer_expires_at INTEGER, offers INTEGER NOT NULL, PRIMARY KEY (perf_id, entry_id));
`;

type Statement = import('better-sqlite3').Statement<unknown[]>;
/** Prepared statements per connection (a sale runs a dozen of them; preparing each time costs more than running them). */
const prepared = new WeakMap<SqliteDatabase, Map<string, Statement>>();
function q(db: SqliteDatabase, sql: string): Statement {
  let m = prepared.get(db);
  if (!m) prepared.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st;
}

const PER_PERF_TABLES = ['ticket_prices', 'ticket_kills', 'ticket_allocations', 'ticket_holds', 'ticket_orders', 'ticket_lines', 'ticket_sales_summary', 'ticket_sales_daily', 'ticket_waitlist', 'ticket_order_buckets'];

function applyChart(db: SqliteDatabase, docId: string, doc: A.Doc<ChartDoc>): void {
  const c = doc.chart;
  if (!c) return;
  const chartId = str(c.id);
  q(db, 
    `INSERT INTO ticket_charts (chart_id, doc_id, venue_id, space_id, name, latest, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(chart_id) DO UPDATE SET venue_id = excluded.venue_id, space_id = excluded.space_id, name = excluded.name, latest = excluded.latest`,
  ).run(chartId, docId, str(c.venueId), str(c.spaceId), str(c.name), doc.latest, c.createdAt);
  const known = new Set((q(db, 'SELECT version FROM ticket_chart_versions WHERE chart_id = ?').all(chartId) as Array<{ version: number }>).map((r) => r.version));
  const insertSeat = q(db, 'INSERT OR REPLACE INTO ticket_chart_seats (chart_id, version, seat_id, area, row_label, number, x, y, zone, flags, ga) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const v of Object.values(doc.versions ?? {})) {
    if (known.has(v.version)) continue; // versions are immutable once published
    q(db, 'INSERT INTO ticket_chart_versions (chart_id, version, places, created_at, note) VALUES (?, ?, ?, ?, ?)').run(chartId, v.version, v.seats, v.createdAt, str(v.note));
    const layout = JSON.parse(str(v.layout)) as ChartLayout;
    for (const p of places(layout)) insertSeat.run(chartId, v.version, p.id, p.area, p.row, p.number, p.x, p.y, p.zone, p.flags.join(','), p.ga ? 1 : 0);
  }
}

function removeChart(db: SqliteDatabase, docId: string): void {
  const row = q(db, 'SELECT chart_id FROM ticket_charts WHERE doc_id = ?').get(docId) as { chart_id: string } | undefined;
  if (!row) return;
  for (const t of ['ticket_charts', 'ticket_chart_versions', 'ticket_chart_seats']) q(db, `DELETE FROM ${t} WHERE chart_id = ?`).run(row.chart_id);
}

interface Dirty {
  all: boolean;
  sections: Set<string>;
  orders: Set<string> | 'all';
  holds: Set<string> | 'all';
}

function dirtyFrom(patches: A.Patch[], first: boolean): Dirty {
  const d: Dirty = { all: first, sections: new Set(), orders: new Set(), holds: new Set() };
  for (const p of patches) {
    const [top, key] = p.path;
    if (typeof top !== 'string') continue;
    if (top === 'orders') {
      if (key === undefined) d.orders = 'all';
      else if (d.orders !== 'all') d.orders.add(String(key));
    } else if (top === 'adjustments') {
      // An order bucket's adjustments are keyed `<orderId>/<adjustmentId>`.
      if (key === undefined) d.orders = 'all';
      else if (d.orders !== 'all') d.orders.add(String(key).split('/')[0]!);
    } else if (top === 'holds') {
      if (key === undefined) d.holds = 'all';
      else if (d.holds !== 'all') d.holds.add(String(key));
    } else d.sections.add(top);
  }
  if (d.sections.has('performance')) d.orders = 'all'; // orders carry the production id
  return d;
}

function writeOrder(db: SqliteDatabase, docId: string, perfId: string, productionId: string, o: OrderRecord): void {
  const orderId = str(o.id);
  const lines = allLines(o);
  const active = lines.filter((l) => l.status === 'sold');
  const refunded = Object.values(o.adjustments ?? {}).reduce((n, a) => n + (str(a.kind) === 'refund' ? a.amount : 0), 0);
  const total = lines.reduce((n, l) => n + (l.status === 'refunded' ? 0 : l.status === 'sold' ? l.amount : 0), 0);
  q(db, 
    `INSERT OR REPLACE INTO ticket_orders (perf_id, order_id, doc_id, production_id, created_at, device, by_user, buyer_name, buyer_email, payment, reference, idem_key, fingerprint, source, external_id, external_platform, total, refunded, active)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(perfId, orderId, docId, productionId, o.createdAt, str(o.device), str(o.by), str(o.buyer?.name), str(o.buyer?.email), str(o.payment?.method), str(o.payment?.reference), optStr(o.idempotencyKey), str(o.fingerprint), str(o.source), optStr(o.externalId), optStr(o.externalPlatform), total, refunded, active.length);
  unsummarize(db, perfId, orderId);
  q(db, 'DELETE FROM ticket_lines WHERE perf_id = ? AND order_id = ?').run(perfId, orderId);
  const ins = q(db, 
    'INSERT INTO ticket_lines (perf_id, order_id, line_id, seat_id, price_id, ticket_type, zone, amount, status, payment, source, device, sold_at, ended_at, production_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const l of lines) {
    ins.run(perfId, orderId, l.id, l.seat, l.priceId, l.ticketType, l.zone, l.amount, l.status, str(o.payment?.method), str(o.source), str(o.device), o.createdAt, l.endedAt, productionId);
    if (l.status === 'sold') summarize(db, perfId, l.zone, l.ticketType, str(o.payment?.method), o.createdAt, 1, l.amount);
  }
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Keeps the report totals (`ticket_sales_summary` by zone, ticket type and payment;
 * `ticket_sales_daily` by sale day) in step with the active lines: an order's lines are
 * taken out before they are rewritten and added back after, and empty rows are removed, so
 * the incremental tables equal a rebuild. A season report then reads thousands of rows, not
 * every ticket.
 */
function summarize(db: SqliteDatabase, perfId: string, zone: string, type: string, payment: string, soldAt: number, tickets: number, revenue: number): void {
  q(db, 'INSERT INTO ticket_sales_summary (perf_id, zone, ticket_type, payment, tickets, revenue) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET tickets = tickets + excluded.tickets, revenue = revenue + excluded.revenue').run(perfId, zone, type, payment, tickets, revenue);
  q(db, 'DELETE FROM ticket_sales_summary WHERE perf_id = ? AND zone = ? AND ticket_type = ? AND payment = ? AND tickets = 0').run(perfId, zone, type, payment);
  const day = dayOf(soldAt);
  q(db, 'INSERT INTO ticket_sales_daily (perf_id, day, tickets, revenue) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET tickets = tickets + excluded.tickets, revenue = revenue + excluded.revenue').run(perfId, day, tickets, revenue);
  q(db, 'DELETE FROM ticket_sales_daily WHERE perf_id = ? AND day = ? AND tickets = 0').run(perfId, day);
}

function unsummarize(db: SqliteDatabase, perfId: string, orderId: string): void {
  const old = q(db, "SELECT zone, ticket_type, payment, sold_at, amount FROM ticket_lines WHERE perf_id = ? AND order_id = ? AND status = 'sold'").all(perfId, orderId) as Array<{ zone: string; ticket_type: string; payment: string; sold_at: number; amount: number }>;
  for (const l of old) summarize(db, perfId, l.zone, l.ticket_type, l.payment, l.sold_at, -1, -l.amount);
}

function applyTickets(db: SqliteDatabase, docId: string, doc: A.Doc<TicketsDoc>, patches: A.Patch[], first: boolean): void {
  const p = doc.performance;
  if (!p) return;
  const perfId = str(p.id);
  const productionId = str(p.productionId);
  const dirty = dirtyFrom(patches, first);
  const all = dirty.all;
  if (all || dirty.sections.has('performance')) {
    q(db, 
      `INSERT OR REPLACE INTO ticket_performances (perf_id, doc_id, production_id, event_id, title, venue_id, space_id, chart_id, chart_version, starts_at, on_sale_at, off_sale_at, hold_minutes, status, pool_device)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(perfId, docId, productionId, optStr(p.eventId), str(p.title), str(p.venueId), str(p.spaceId), str(p.chartId), p.chartVersion, p.startsAt, p.onSaleAt, p.offSaleAt, p.holdMinutes, str(p.status), str(p.poolDevice));
  }
  if (all || dirty.sections.has('prices')) {
    q(db, 'DELETE FROM ticket_prices WHERE perf_id = ?').run(perfId);
    const ins = q(db, 'INSERT INTO ticket_prices (perf_id, price_id, ticket_type, zone, amount, label) VALUES (?, ?, ?, ?, ?, ?)');
    for (const pr of Object.values(doc.prices ?? {})) ins.run(perfId, str(pr.id), str(pr.ticketType), str(pr.zone), pr.amount, str(pr.label));
  }
  if (all || dirty.sections.has('kills')) {
    q(db, 'DELETE FROM ticket_kills WHERE perf_id = ?').run(perfId);
    const ins = q(db, 'INSERT INTO ticket_kills (perf_id, seat_id, kind, reason) VALUES (?, ?, ?, ?)');
    for (const [seat, k] of Object.entries(doc.kills ?? {})) ins.run(perfId, seat, str(k.kind), str(k.reason));
  }
  if (all || dirty.sections.has('allocations')) {
    q(db, 'DELETE FROM ticket_allocations WHERE perf_id = ?').run(perfId);
    const ins = q(db, 'INSERT OR IGNORE INTO ticket_allocations (perf_id, seat_id, device, label) VALUES (?, ?, ?, ?)');
    for (const a of Object.values(doc.allocations ?? {})) for (const seat of splitIds(a.seats)) ins.run(perfId, seat, str(a.device), str(a.label));
  }
  if (all || dirty.sections.has('waitlist')) {
    q(db, 'DELETE FROM ticket_waitlist WHERE perf_id = ?').run(perfId);
    const ins = q(db, 
      'INSERT INTO ticket_waitlist (perf_id, entry_id, name, email, phone, count, zone, accessible, max_price, joined_at, status, offer_hold, offer_expires_at, offers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const w of Object.values(doc.waitlist ?? {})) {
      ins.run(perfId, str(w.id), str(w.name), str(w.email), str(w.phone), w.count, optStr(w.zone), w.accessible ? 1 : 0, w.maxPrice, w.joinedAt, str(w.status), optStr(w.offerHold), w.offerExpiresAt, w.offers);
    }
  }
  const holds = all ? 'all' : dirty.holds;
  if (holds === 'all') q(db, 'DELETE FROM ticket_holds WHERE perf_id = ?').run(perfId);
  const insHold = q(db, 'INSERT OR REPLACE INTO ticket_holds (perf_id, hold_id, seat_id, expires_at, kind, by_user, device, waitlist_entry) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const holdIds = holds === 'all' ? Object.keys(doc.holds ?? {}) : [...holds];
  for (const id of holdIds) {
    if (holds !== 'all') q(db, 'DELETE FROM ticket_holds WHERE perf_id = ? AND hold_id = ?').run(perfId, id);
    const h = doc.holds?.[id];
    if (!h) continue;
    for (const seat of splitIds(h.seats)) insHold.run(perfId, id, seat, h.expiresAt, str(h.kind), str(h.by), str(h.device), optStr(h.waitlistEntry));
  }
  if (doc.orders) applyOrders(db, docId, perfId, productionId, doc, all || dirty.sections.has('performance') ? 'all' : dirty.orders);
}

/** Re-derives the named orders of one document (or all of them) into ticket_orders, ticket_lines and the summaries. */
function applyOrders(db: SqliteDatabase, docId: string, perfId: string, productionId: string, doc: OrderHolder, which: Set<string> | 'all'): void {
  if (which === 'all') {
    const present = new Set(Object.keys(doc.orders ?? {}));
    for (const id of ordersInDoc(db, docId)) if (!present.has(id)) deleteOrder(db, perfId, id);
    for (const o of ordersOf(doc)) writeOrder(db, docId, perfId, productionId, o);
    return;
  }
  for (const id of which) {
    const o = orderAt(doc, id);
    if (o) writeOrder(db, docId, perfId, productionId, o);
    else deleteOrder(db, perfId, id);
  }
}

function ordersInDoc(db: SqliteDatabase, docId: string): string[] {
  return (q(db, 'SELECT order_id FROM ticket_orders WHERE doc_id = ?').all(docId) as Array<{ order_id: string }>).map((r) => r.order_id);
}

function deleteOrder(db: SqliteDatabase, perfId: string, orderId: string): void {
  unsummarize(db, perfId, orderId);
  q(db, 'DELETE FROM ticket_orders WHERE perf_id = ? AND order_id = ?').run(perfId, orderId);
  q(db, 'DELETE FROM ticket_lines WHERE perf_id = ? AND order_id = ?').run(perfId, orderId);
}

function applyOrderBucket(db: SqliteDatabase, docId: string, doc: A.Doc<OrdersDoc>, patches: A.Patch[], first: boolean): void {
  const b = doc.bucket;
  if (!b) return;
  const perfId = str(b.performanceId);
  const dirty = dirtyFrom(patches, first);
  applyOrders(db, docId, perfId, str(b.productionId), doc, dirty.all ? 'all' : dirty.orders);
  q(db, 'INSERT OR REPLACE INTO ticket_order_buckets (doc_id, perf_id, device, n, orders) VALUES (?, ?, ?, ?, ?)').run(docId, perfId, str(b.device), b.n, Object.keys(doc.orders ?? {}).length);
}

function removeOrderBucket(db: SqliteDatabase, docId: string): void {
  const row = q(db, 'SELECT perf_id FROM ticket_order_buckets WHERE doc_id = ?').get(docId) as { perf_id: string } | undefined;
  if (!row) return;
  for (const id of ordersInDoc(db, docId)) deleteOrder(db, row.perf_id, id);
  q(db, 'DELETE FROM ticket_order_buckets WHERE doc_id = ?').run(docId);
}

function removeTickets(db: SqliteDatabase, docId: string): void {
  const row = q(db, 'SELECT perf_id FROM ticket_performances WHERE doc_id = ?').get(docId) as { perf_id: string } | undefined;
  if (!row) return;
  for (const id of ordersInDoc(db, docId)) deleteOrder(db, row.perf_id, id);
  // The performance's own rows; orders in bucket documents stay until their document goes.
  for (const t of ['ticket_performances', 'ticket_prices', 'ticket_kills', 'ticket_allocations', 'ticket_holds', 'ticket_waitlist']) q(db, `DELETE FROM ${t} WHERE perf_id = ?`).run(row.perf_id);
}

export const ticketingProjection: Projection<ChartDoc | TicketsDoc | OrdersDoc> = {
  name: 'ticketing',
  version: 3,
  docTypes: [CHART_DOC_TYPE, TICKETS_DOC_TYPE, ORDERS_DOC_TYPE],
  setup(db) {
    db.exec(TABLES);
  },
  clear(db) {
    for (const t of ['ticket_charts', 'ticket_chart_versions', 'ticket_chart_seats', 'ticket_performances', ...PER_PERF_TABLES]) db.exec(`DELETE FROM ${t}`);
  },
  apply(db, update) {
    if (update.type === CHART_DOC_TYPE) applyChart(db, update.docId, update.doc as A.Doc<ChartDoc>);
    else if (update.type === ORDERS_DOC_TYPE) applyOrderBucket(db, update.docId, update.doc as A.Doc<OrdersDoc>, update.patches, update.fromHeads === null);
    else applyTickets(db, update.docId, update.doc as A.Doc<TicketsDoc>, update.patches, update.fromHeads === null);
  },
  remove(db, docId) {
    removeChart(db, docId);
    removeTickets(db, docId);
    removeOrderBucket(db, docId);
  },
};

/** The table names, for tests comparing a rebuild with incremental updates. */
export const TICKETING_TABLES = ['ticket_charts', 'ticket_chart_versions', 'ticket_chart_seats', 'ticket_performances', ...PER_PERF_TABLES];
