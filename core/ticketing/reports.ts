import { stringify } from 'csv-stringify/sync';
import type { SqliteDatabase } from '../store/database.ts';

/**
 * Box office reports, aggregated in SQL over the projection tables (never by scanning
 * documents): per performance and across any set of performances (a production, a season).
 * Amounts are cents. "sold" counts paid tickets, "comp" complimentary ones.
 */
export interface PerformanceStats {
  performanceId: string;
  productionId: string;
  title: string;
  startsAt: number;
  status: string;
  capacity: number;
  sold: number;
  comp: number;
  held: number;
  killed: number;
  available: number;
  capacityPercent: number;
  revenue: number;
  waiting: number;
}

export interface Report {
  performances: PerformanceStats[];
  totals: { capacity: number; sold: number; comp: number; held: number; killed: number; available: number; capacityPercent: number; revenue: number; refunded: number; orders: number };
  byZone: Array<{ zone: string; tickets: number; revenue: number }>;
  byTicketType: Array<{ ticketType: string; tickets: number; revenue: number }>;
  byPayment: Array<{ method: string; orders: number; tickets: number; amount: number }>;
  overTime: Array<{ day: string; tickets: number; revenue: number }>;
}

function inList(ids: readonly string[]): string {
  return ids.map(() => '?').join(',');
}

export function performanceStats(db: SqliteDatabase, perfIds: readonly string[], now: number): PerformanceStats[] {
  if (perfIds.length === 0) return [];
  const q = inList(perfIds);
  const perfs = db
    .prepare(
      `SELECT p.perf_id, p.production_id, p.title, p.starts_at, p.status, v.places AS capacity
       FROM ticket_performances p JOIN ticket_chart_versions v ON v.chart_id = p.chart_id AND v.version = p.chart_version
       WHERE p.perf_id IN (${q}) ORDER BY p.starts_at, p.perf_id`,
    )
    .all(...perfIds) as Array<{ perf_id: string; production_id: string; title: string; starts_at: number; status: string; capacity: number }>;
  const count = (sql: string, ...args: unknown[]) => new Map((db.prepare(sql).all(...perfIds, ...args) as Array<{ perf_id: string; n: number; r?: number }>).map((r) => [r.perf_id, r]));
  const lines = count(
    `SELECT perf_id, SUM(CASE WHEN payment <> 'comp' THEN tickets ELSE 0 END) AS n, SUM(CASE WHEN payment = 'comp' THEN tickets ELSE 0 END) AS c, SUM(revenue) AS r
     FROM ticket_sales_summary WHERE perf_id IN (${q}) GROUP BY perf_id`,
  ) as Map<string, { perf_id: string; n: number; c: number; r: number }>;
  const kills = count(`SELECT perf_id, COUNT(*) AS n FROM ticket_kills WHERE perf_id IN (${q}) GROUP BY perf_id`);
  const holds = count(`SELECT perf_id, COUNT(DISTINCT seat_id) AS n FROM ticket_holds WHERE perf_id IN (${q}) AND expires_at > ? GROUP BY perf_id`, now);
  const waiting = count(`SELECT perf_id, SUM(count) AS n FROM ticket_waitlist WHERE perf_id IN (${q}) AND status IN ('waiting', 'offered') GROUP BY perf_id`);
  return perfs.map((p) => {
    const l = lines.get(p.perf_id);
    const sold = l?.n ?? 0;
    const comp = l?.c ?? 0;
    const killed = kills.get(p.perf_id)?.n ?? 0;
    const held = holds.get(p.perf_id)?.n ?? 0;
    const available = Math.max(0, p.capacity - sold - comp - killed - held);
    return {
      performanceId: p.perf_id,
      productionId: p.production_id,
      title: p.title,
      startsAt: p.starts_at,
      status: p.status,
      capacity: p.capacity,
      sold,
      comp,
      held,
      killed,
      available,
      capacityPercent: p.capacity ? Math.round(((sold + comp) / p.capacity) * 1000) / 10 : 0,
      revenue: l?.r ?? 0,
      waiting: waiting.get(p.perf_id)?.n ?? 0,
    };
  });
}

export function report(db: SqliteDatabase, perfIds: readonly string[], now: number): Report {
  const performances = performanceStats(db, perfIds, now);
  const sum = (k: keyof PerformanceStats) => performances.reduce((n, p) => n + (p[k] as number), 0);
  const capacity = sum('capacity');
  const empty: Report = {
    performances,
    totals: { capacity, sold: 0, comp: 0, held: 0, killed: 0, available: capacity, capacityPercent: 0, revenue: 0, refunded: 0, orders: 0 },
    byZone: [],
    byTicketType: [],
    byPayment: [],
    overTime: [],
  };
  if (perfIds.length === 0) return empty;
  const q = inList(perfIds);
  const cells = db.prepare(`SELECT zone, ticket_type, payment, SUM(tickets) AS tickets, SUM(revenue) AS revenue FROM ticket_sales_summary WHERE perf_id IN (${q}) GROUP BY zone, ticket_type, payment`).all(...perfIds) as Array<{ zone: string; ticket_type: string; payment: string; tickets: number; revenue: number }>;
  const rollup = <K extends string>(key: (c: (typeof cells)[number]) => string, name: K) => {
    const m = new Map<string, { tickets: number; revenue: number }>();
    for (const c of cells) {
      const k = key(c);
      const v = m.get(k) ?? { tickets: 0, revenue: 0 };
      v.tickets += c.tickets;
      v.revenue += c.revenue;
      m.set(k, v);
    }
    return [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => ({ [name]: k, ...v }) as Record<K, string> & { tickets: number; revenue: number });
  };
  const byZone = rollup((c) => c.zone, 'zone');
  const byTicketType = rollup((c) => c.ticket_type, 'ticketType');
  const orderRows = db.prepare(`SELECT payment, SUM(CASE WHEN active > 0 THEN 1 ELSE 0 END) AS orders, COUNT(*) AS all_orders, SUM(refunded) AS refunded FROM ticket_orders WHERE perf_id IN (${q}) GROUP BY payment`).all(...perfIds) as Array<{ payment: string; orders: number; all_orders: number; refunded: number }>;
  const ordersBy = new Map(orderRows.map((r) => [r.payment, r.orders]));
  const byPayment = rollup((c) => c.payment, 'method').map((p) => ({ method: p.method, orders: ordersBy.get(p.method) ?? 0, tickets: p.tickets, amount: p.revenue }));
  const overTime = db.prepare(`SELECT day, SUM(tickets) AS tickets, SUM(revenue) AS revenue FROM ticket_sales_daily WHERE perf_id IN (${q}) GROUP BY day ORDER BY day`).all(...perfIds) as Report['overTime'];
  const orders = { n: orderRows.reduce((n, r) => n + r.all_orders, 0), refunded: orderRows.reduce((n, r) => n + r.refunded, 0) };
  const sold = sum('sold');
  const comp = sum('comp');
  return {
    performances,
    totals: {
      capacity,
      sold,
      comp,
      held: sum('held'),
      killed: sum('killed'),
      available: sum('available'),
      capacityPercent: capacity ? Math.round(((sold + comp) / capacity) * 1000) / 10 : 0,
      revenue: sum('revenue'),
      refunded: orders.refunded,
      orders: orders.n,
    },
    byZone,
    byTicketType,
    byPayment,
    overTime,
  };
}

const money = (cents: number) => (cents / 100).toFixed(2);

/** The report as CSV: one section per table, each with its header row. */
export function reportCsv(r: Report): string {
  const rows: unknown[][] = [];
  rows.push(['performance', 'title', 'starts_at', 'capacity', 'sold', 'comp', 'held', 'killed', 'available', 'capacity_percent', 'revenue', 'waiting']);
  for (const p of r.performances) rows.push([p.performanceId, p.title, new Date(p.startsAt).toISOString(), p.capacity, p.sold, p.comp, p.held, p.killed, p.available, p.capacityPercent, money(p.revenue), p.waiting]);
  const t = r.totals;
  rows.push(['TOTAL', '', '', t.capacity, t.sold, t.comp, t.held, t.killed, t.available, t.capacityPercent, money(t.revenue), '']);
  rows.push([]);
  rows.push(['zone', 'tickets', 'revenue']);
  for (const z of r.byZone) rows.push([z.zone, z.tickets, money(z.revenue)]);
  rows.push([]);
  rows.push(['ticket_type', 'tickets', 'revenue']);
  for (const z of r.byTicketType) rows.push([z.ticketType, z.tickets, money(z.revenue)]);
  rows.push([]);
  rows.push(['payment_method', 'orders', 'tickets', 'amount']);
  for (const z of r.byPayment) rows.push([z.method, z.orders, z.tickets, money(z.amount)]);
  rows.push([]);
  rows.push(['day', 'tickets', 'revenue']);
  for (const z of r.overTime) rows.push([z.day, z.tickets, money(z.revenue)]);
  return stringify(rows);
}
