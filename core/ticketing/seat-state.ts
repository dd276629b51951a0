import type { SqliteDatabase } from '../store/database.ts';
import type { Store } from '../store/store.ts';
import { CallboardError } from '../errors.ts';
import { places, type ChartLayout, type Place } from './chart.ts';
import { chartDocId, str, type ChartDoc } from './model.ts';

/**
 * Seat state read from the projection tables. On one replica a mutation reads these rows
 * and writes the document in the same synchronous SQLite transaction, so no other write can
 * come between the check and the change.
 */
export type SeatStatus = 'available' | 'held' | 'sold' | 'killed' | 'unallocated';

export interface PerfRow {
  perf_id: string;
  doc_id: string;
  production_id: string;
  event_id: string | null;
  title: string;
  venue_id: string;
  space_id: string;
  chart_id: string;
  chart_version: number;
  starts_at: number;
  on_sale_at: number | null;
  off_sale_at: number | null;
  hold_minutes: number;
  status: string;
  pool_device: string;
}

export interface ChartVersionView {
  layout: ChartLayout;
  places: Place[];
  byId: Map<string, Place>;
}

/** Parsed chart versions (immutable once published), cached for the service's lifetime. */
export class ChartCache {
  readonly #cache = new Map<string, ChartVersionView>();

  get(store: Store, chartId: string, version: number): ChartVersionView {
    const key = `${chartId}@${version}`;
    const hit = this.#cache.get(key);
    if (hit) return hit;
    if (!store.has(chartDocId(chartId))) throw new CallboardError('not_found', `No seating chart ${chartId}`, { field: 'chartId' });
    const rec = store.doc<ChartDoc>(chartDocId(chartId)).versions?.[String(version)];
    if (!rec) throw new CallboardError('not_found', `Seating chart ${chartId} has no version ${version}`, { field: 'chartVersion' });
    const layout = JSON.parse(str(rec.layout)) as ChartLayout;
    const all = places(layout);
    const view = { layout, places: all, byId: new Map(all.map((p) => [p.id, p])) };
    this.#cache.set(key, view);
    return view;
  }
}

export interface SeatSets {
  sold: Map<string, number>;
  killed: Map<string, { kind: string; reason: string }>;
  /** seat → hold id, for holds not yet expired at `now`. */
  held: Map<string, string>;
  allocated: Map<string, string>;
}

export class SeatReader {
  readonly #db: SqliteDatabase;
  readonly #q;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#q = {
      perf: db.prepare<[string], PerfRow>('SELECT * FROM ticket_performances WHERE perf_id = ?'),
      sold: db.prepare<[string, string], { order_id: string }>("SELECT order_id FROM ticket_lines WHERE perf_id = ? AND seat_id = ? AND status = 'sold' LIMIT 1"),
      kill: db.prepare<[string, string], { kind: string; reason: string }>('SELECT kind, reason FROM ticket_kills WHERE perf_id = ? AND seat_id = ?'),
      heldByOther: db.prepare<[string, string, number, string], { hold_id: string; kind: string }>(
        'SELECT hold_id, kind FROM ticket_holds WHERE perf_id = ? AND seat_id = ? AND expires_at > ? AND hold_id <> ? LIMIT 1',
      ),
      alloc: db.prepare<[string, string], { device: string; label: string }>('SELECT device, label FROM ticket_allocations WHERE perf_id = ? AND seat_id = ?'),
      allSold: db.prepare<[string], { seat_id: string; n: number }>("SELECT seat_id, COUNT(*) AS n FROM ticket_lines WHERE perf_id = ? AND status = 'sold' GROUP BY seat_id"),
      allKills: db.prepare<[string], { seat_id: string; kind: string; reason: string }>('SELECT seat_id, kind, reason FROM ticket_kills WHERE perf_id = ?'),
      allHolds: db.prepare<[string, number], { seat_id: string; hold_id: string }>('SELECT seat_id, hold_id FROM ticket_holds WHERE perf_id = ? AND expires_at > ? ORDER BY hold_id'),
      allAlloc: db.prepare<[string], { seat_id: string; device: string }>('SELECT seat_id, device FROM ticket_allocations WHERE perf_id = ?'),
      byKey: db.prepare<[string, string], { order_id: string; fingerprint: string; doc_id: string }>('SELECT order_id, fingerprint, doc_id FROM ticket_orders WHERE perf_id = ? AND idem_key = ? ORDER BY order_id LIMIT 1'),
      orderDoc: db.prepare<[string, string], { doc_id: string }>('SELECT doc_id FROM ticket_orders WHERE perf_id = ? AND order_id = ?'),
      lastBucket: db.prepare<[string, string], { doc_id: string; n: number; orders: number }>('SELECT doc_id, n, orders FROM ticket_order_buckets WHERE perf_id = ? AND device = ? ORDER BY n DESC LIMIT 1'),
      buckets: db.prepare<[string], { doc_id: string }>('SELECT doc_id FROM ticket_order_buckets WHERE perf_id = ? ORDER BY doc_id'),
    };
  }

  get db(): SqliteDatabase {
    return this.#db;
  }

  perf(perfId: string): PerfRow | undefined {
    return this.#q.perf.get(perfId);
  }

  requirePerf(perfId: string): PerfRow {
    const p = this.perf(perfId);
    if (!p) throw new CallboardError('not_found', `No performance ${perfId}`, { field: 'performanceId' });
    return p;
  }

  soldOrder(perfId: string, seat: string): string | undefined {
    return this.#q.sold.get(perfId, seat)?.order_id;
  }

  kill(perfId: string, seat: string): { kind: string; reason: string } | undefined {
    return this.#q.kill.get(perfId, seat);
  }

  heldByOther(perfId: string, seat: string, now: number, ownHold: string): { hold_id: string; kind: string } | undefined {
    return this.#q.heldByOther.get(perfId, seat, now, ownHold);
  }

  allocation(perfId: string, seat: string): { device: string; label: string } | undefined {
    return this.#q.alloc.get(perfId, seat);
  }

  orderByKey(perfId: string, key: string): { order_id: string; fingerprint: string; doc_id: string } | undefined {
    return this.#q.byKey.get(perfId, key);
  }

  /** The document holding an order (a bucket, or the tickets document for orders made before buckets). */
  orderDoc(perfId: string, orderId: string): string | undefined {
    return this.#q.orderDoc.get(perfId, orderId)?.doc_id;
  }

  /** The device's newest order bucket of the performance, with how many orders it holds. */
  lastBucket(perfId: string, device: string): { doc_id: string; n: number; orders: number } | undefined {
    return this.#q.lastBucket.get(perfId, device);
  }

  /** Every order bucket document of the performance. */
  bucketDocs(perfId: string): string[] {
    return this.#q.buckets.all(perfId).map((r) => r.doc_id);
  }

  sets(perfId: string, now: number): SeatSets {
    return {
      sold: new Map(this.#q.allSold.all(perfId).map((r) => [r.seat_id, r.n])),
      killed: new Map(this.#q.allKills.all(perfId).map((r) => [r.seat_id, { kind: r.kind, reason: r.reason }])),
      held: new Map(this.#q.allHolds.all(perfId, now).map((r) => [r.seat_id, r.hold_id])),
      allocated: new Map(this.#q.allAlloc.all(perfId).map((r) => [r.seat_id, r.device])),
    };
  }
}

/** May this replica sell `seat` (its own allocation, or the common pool when it holds the pool)? */
export function sellableHere(sets: SeatSets, perf: PerfRow, seat: string, device: string, channel?: string): boolean {
  const owner = sets.allocated.get(seat);
  return owner === undefined ? perf.pool_device === device : owner === device || owner === channel;
}

/** Places free to sell on this replica right now. */
export function availableHere(all: readonly Place[], sets: SeatSets, perf: PerfRow, device: string, ownHold?: string, channel?: string): Set<string> {
  const out = new Set<string>();
  for (const p of all) {
    if (sets.sold.has(p.id) || sets.killed.has(p.id)) continue;
    const h = sets.held.get(p.id);
    if (h !== undefined && h !== ownHold) continue;
    if (!sellableHere(sets, perf, p.id, device, channel)) continue;
    out.add(p.id);
  }
  return out;
}

export function statusOf(sets: SeatSets, seat: string): SeatStatus {
  if (sets.sold.has(seat)) return 'sold';
  if (sets.killed.has(seat)) return 'killed';
  if (sets.held.has(seat)) return 'held';
  return 'available';
}
