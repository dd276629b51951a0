import type { Store } from '../store/store.ts';
import type { ChartLayout } from './chart.ts';
import { detectDoubleSales, type DoubleSale } from './conflicts.ts';
import { optStr, splitIds, str, ticketsDocId, type OrderRecord, type TicketsDoc } from './model.ts';
import { performanceView, type Actor, type PerformanceView } from './performances.ts';
import { performanceOrders, type Deps } from './sales.ts';
import { ChartCache, SeatReader, sellableHere, statusOf, type PerfRow } from './seat-state.ts';
import { renderSeatMap, type MapStatus } from './svg.ts';
import { sweepPerformance } from './waitlist.ts';

/** Recorded as the author of offers made by the daemon's timed sweep. */
export const SWEEPER_USER = 'system:hold-sweeper';

/**
 * The box office service the composition root builds once per store: the parsed-chart
 * cache and the prepared seat-state queries. Procedures pass `deps` to the domain functions.
 */
export interface SeatMapView {
  performance: PerformanceView;
  chartVersion: number;
  layout: ChartLayout;
  /** Seats not available, by id (every other seat is available). */
  statuses: Record<string, Exclude<MapStatus, 'available' | 'selected'>>;
  /** Seats in holds made by this replica, by hold id. */
  holds: Array<{ holdId: string; seats: string[]; expiresAt: number; kind: string; by: string }>;
  gaRemaining: Record<string, number>;
  counts: { capacity: number; available: number; held: number; sold: number; killed: number; unallocated: number };
}

export class BoxOffice {
  readonly store: Store;
  readonly charts = new ChartCache();
  readonly reader: SeatReader;

  constructor(store: Store) {
    this.store = store;
    this.reader = new SeatReader(store.db);
  }

  get deps(): Deps {
    return { store: this.store, reader: this.reader, charts: this.charts };
  }

  perf(perfId: string): PerfRow {
    return this.reader.requirePerf(perfId);
  }

  doc(perfId: string): TicketsDoc {
    this.reader.requirePerf(perfId);
    return this.store.doc<TicketsDoc>(ticketsDocId(perfId));
  }

  seatMap(perfId: string, actor: Actor): SeatMapView {
    const perf = this.perf(perfId);
    const doc = this.store.doc<TicketsDoc>(ticketsDocId(perfId));
    const chart = this.charts.get(this.store, perf.chart_id, perf.chart_version);
    const sets = this.reader.sets(perfId, actor.now);
    const statuses: SeatMapView['statuses'] = {};
    const counts = { capacity: chart.places.length, available: 0, held: 0, sold: 0, killed: 0, unallocated: 0 };
    const gaRemaining: Record<string, number> = {};
    for (const p of chart.places) {
      let st: MapStatus = statusOf(sets, p.id);
      if (st === 'available' && !sellableHere(sets, perf, p.id, actor.deviceId)) st = 'unallocated';
      counts[st]++;
      if (st !== 'available') statuses[p.id] = st;
      if (p.ga && st === 'available') gaRemaining[p.area] = (gaRemaining[p.area] ?? 0) + 1;
      else if (p.ga) gaRemaining[p.area] ??= 0;
    }
    const holds = Object.values(doc.holds)
      .filter((h) => h.expiresAt > actor.now)
      .map((h) => ({ holdId: str(h.id), seats: splitIds(h.seats), expiresAt: h.expiresAt, kind: str(h.kind), by: str(h.by) }));
    return { performance: performanceView(doc), chartVersion: perf.chart_version, layout: chart.layout, statuses, holds, gaRemaining, counts };
  }

  svg(perfId: string, actor: Actor): string {
    const map = this.seatMap(perfId, actor);
    const when = new Date(map.performance.startsAt).toISOString().slice(0, 16).replace('T', ' ');
    return renderSeatMap({
      layout: map.layout,
      status: new Map(Object.entries(map.statuses)),
      title: `${map.performance.title} — ${when} UTC`,
      gaRemaining: new Map(Object.entries(map.gaRemaining)),
    });
  }

  doubleSales(perfId: string): DoubleSale[] {
    const perf = this.perf(perfId);
    const chart = this.charts.get(this.store, perf.chart_id, perf.chart_version);
    return detectDoubleSales(this.store.doc<TicketsDoc>(ticketsDocId(perfId)), this.orders(perfId), chart.places);
  }

  /** Every order of the performance, from all its documents. */
  orders(perfId: string): OrderRecord[] {
    this.perf(perfId);
    return performanceOrders(this.deps, perfId);
  }

  /**
   * Expires every hold and waiting-list offer due at `now` on this replica and passes the
   * freed seats down the waiting list, one transaction per performance. The daemon calls it
   * on a timer, so offers move on without anyone calling `tickets.sweep`. Returns the
   * performances that changed.
   */
  sweepExpired(now: number): string[] {
    const due = this.store.db.prepare('SELECT DISTINCT perf_id FROM ticket_holds WHERE expires_at <= ? ORDER BY perf_id').all(now) as Array<{ perf_id: string }>;
    const actor: Actor = { userId: SWEEPER_USER, deviceId: this.store.deviceId, now };
    return due.map((r) => r.perf_id).filter((perfId) => this.reader.perf(perfId) && this.store.transaction(() => sweepPerformance(this.store, this.reader, this.charts, perfId, actor)));
  }

  /** Performance ids, optionally of one production, in start order. */
  performanceIds(filter: { productionId?: string; season?: string; from?: number; to?: number } = {}): string[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.productionId) {
      where.push('p.production_id = ?');
      args.push(filter.productionId);
    }
    if (filter.season) {
      where.push("p.production_id IN (SELECT id FROM productions WHERE season = ?)");
      args.push(filter.season);
    }
    if (filter.from !== undefined) {
      where.push('p.starts_at >= ?');
      args.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('p.starts_at < ?');
      args.push(filter.to);
    }
    const sql = `SELECT perf_id FROM ticket_performances p ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY starts_at, perf_id`;
    return (this.store.db.prepare(sql).all(...args) as Array<{ perf_id: string }>).map((r) => r.perf_id);
  }

  rows(ids: string[]): PerfRow[] {
    return ids.map((id) => this.perf(id));
  }

  eventOf(perfId: string): string | null {
    return optStr(this.doc(perfId).performance.eventId);
  }
}
