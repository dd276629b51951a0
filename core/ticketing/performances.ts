import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import {
  boxOfficeScope,
  DEFAULT_HOLD_MINUTES,
  DEFAULT_OFFER_MINUTES,
  imm,
  optStr,
  splitIds,
  str,
  TICKETS_DOC_TYPE,
  ticketsDocId,
  type KillKind,
  type TicketsDoc,
} from './model.ts';
import type { ChartCache, SeatReader } from './seat-state.ts';

/** Performances: the tickets document's header, price list, kills and allocations. */
export interface PriceInput {
  id: string;
  ticketType: string;
  zone: string;
  amount: number;
  label?: string;
}

export interface PerformanceInput {
  performanceId: string;
  productionId: string;
  eventId?: string | null;
  title: string;
  venueId: string;
  spaceId: string;
  chartId: string;
  chartVersion?: number;
  startsAt: number;
  onSaleAt?: number | null;
  offSaleAt?: number | null;
  holdMinutes?: number;
  offerMinutes?: number;
  prices: PriceInput[];
  /** Seats off sale from the start (sound desk, house seats). */
  kills?: Array<{ seats: string[]; kind: KillKind; reason: string }>;
}

export interface Actor {
  userId: string;
  /** The replica writing (the store's device), or `external:<platform>` for imports. */
  deviceId: string;
  now: number;
  /**
   * A sales channel selling through this replica (`external:<platform>` for imports): it
   * may sell the seats allocated to it, and its orders are recorded as made by it.
   */
  channel?: string;
}

export interface PerformanceView {
  id: string;
  productionId: string;
  eventId: string | null;
  title: string;
  venueId: string;
  spaceId: string;
  chartId: string;
  chartVersion: number;
  startsAt: number;
  onSaleAt: number | null;
  offSaleAt: number | null;
  holdMinutes: number;
  offerMinutes: number;
  status: string;
  poolDevice: string;
  prices: Array<{ id: string; ticketType: string; zone: string; amount: number; label: string }>;
  kills: Array<{ seat: string; kind: string; reason: string }>;
  allocations: Array<{ device: string; label: string; seats: string[] }>;
}

export function performanceView(doc: TicketsDoc): PerformanceView {
  const p = doc.performance;
  return {
    id: str(p.id),
    productionId: str(p.productionId),
    eventId: optStr(p.eventId),
    title: str(p.title),
    venueId: str(p.venueId),
    spaceId: str(p.spaceId),
    chartId: str(p.chartId),
    chartVersion: p.chartVersion,
    startsAt: p.startsAt,
    onSaleAt: p.onSaleAt,
    offSaleAt: p.offSaleAt,
    holdMinutes: p.holdMinutes,
    offerMinutes: p.offerMinutes,
    status: str(p.status),
    poolDevice: str(p.poolDevice),
    prices: Object.values(doc.prices)
      .map((x) => ({ id: str(x.id), ticketType: str(x.ticketType), zone: str(x.zone), amount: x.amount, label: str(x.label) }))
      .sort((a, b) => (a.zone === b.zone ? b.amount - a.amount : a.zone < b.zone ? -1 : 1)),
    kills: Object.entries(doc.kills).map(([seat, k]) => ({ seat, kind: str(k.kind), reason: str(k.reason) })).sort((a, b) => (a.seat < b.seat ? -1 : 1)),
    allocations: Object.values(doc.allocations).map((a) => ({ device: str(a.device), label: str(a.label), seats: splitIds(a.seats) })),
  };
}

function checkPrices(prices: PriceInput[], zones: Set<string>): void {
  const ids = new Set<string>();
  prices.forEach((p, i) => {
    if (ids.has(p.id)) throw new CallboardError('invalid', `prices[${i}].id: price "${p.id}" appears twice`, { field: `prices[${i}].id` });
    ids.add(p.id);
    if (!zones.has(p.zone)) throw new CallboardError('invalid', `prices[${i}].zone: the chart has no price zone "${p.zone}"`, { field: `prices[${i}].zone` });
  });
}

function writePrices(d: TicketsDoc, prices: PriceInput[]): void {
  for (const key of Object.keys(d.prices)) delete d.prices[key];
  for (const p of prices) {
    d.prices[p.id] = { id: imm(p.id), ticketType: imm(p.ticketType), zone: imm(p.zone), amount: p.amount, label: imm(p.label ?? `${p.ticketType} (${p.zone})`) };
  }
}

export function createPerformance(store: Store, charts: ChartCache, input: PerformanceInput, actor: Actor): PerformanceView {
  const id = ticketsDocId(input.performanceId);
  if (store.has(id)) throw new CallboardError('conflict', `Performance ${input.performanceId} already exists`, { field: 'performanceId' });
  const chartInfo = store.info(`chart:${input.chartId}`);
  if (!chartInfo || chartInfo.scope !== `venue:${input.venueId}`) {
    throw new CallboardError('not_found', `No seating chart ${input.chartId} in venue ${input.venueId}`, { field: 'chartId' });
  }
  const latest = store.doc<{ latest: number }>(`chart:${input.chartId}`).latest;
  const version = input.chartVersion ?? latest;
  const chart = charts.get(store, input.chartId, version);
  checkPrices(input.prices, new Set(chart.layout.zones.map((z) => z.id)));
  if (input.onSaleAt != null && input.offSaleAt != null && input.offSaleAt <= input.onSaleAt) {
    throw new CallboardError('invalid', 'offSaleAt: the sale must close after it opens', { field: 'offSaleAt' });
  }
  (input.kills ?? []).forEach((k, i) =>
    k.seats.forEach((seat, j) => {
      if (!chart.byId.has(seat)) throw new CallboardError('not_found', `kills[${i}].seats[${j}]: no seat "${seat}" on the chart`, { field: `kills[${i}].seats[${j}]` });
    }),
  );
  const doc = store.create<TicketsDoc>(
    id,
    TICKETS_DOC_TYPE,
    boxOfficeScope(input.performanceId),
    (d) => {
      d.performance = {
        id: imm(input.performanceId),
        productionId: imm(input.productionId),
        eventId: input.eventId ? imm(input.eventId) : null,
        title: imm(input.title),
        venueId: imm(input.venueId),
        spaceId: imm(input.spaceId),
        chartId: imm(input.chartId),
        chartVersion: version,
        startsAt: input.startsAt,
        onSaleAt: input.onSaleAt ?? null,
        // Sales close at curtain unless another time, or null (late entries of door sales), is given.
        offSaleAt: input.offSaleAt === undefined ? input.startsAt : input.offSaleAt,
        holdMinutes: input.holdMinutes ?? DEFAULT_HOLD_MINUTES,
        offerMinutes: input.offerMinutes ?? DEFAULT_OFFER_MINUTES,
        status: imm('scheduled'),
        poolDevice: imm(actor.deviceId),
        createdAt: actor.now,
      };
      d.prices = {};
      writePrices(d, input.prices);
      d.kills = {};
      for (const k of input.kills ?? []) for (const seat of k.seats) d.kills[seat] = { kind: imm(k.kind), reason: imm(k.reason), at: actor.now };
      d.allocations = {};
      d.holds = {};
      d.waitlist = {};
    },
    { message: `create performance ${input.title}` },
  );
  return performanceView(doc);
}

export interface PerformancePatch {
  title?: string;
  startsAt?: number;
  onSaleAt?: number | null;
  offSaleAt?: number | null;
  holdMinutes?: number;
  offerMinutes?: number;
  status?: 'scheduled' | 'cancelled';
  eventId?: string | null;
  chartVersion?: number;
  poolDevice?: string;
}

export function updatePerformance(store: Store, reader: SeatReader, charts: ChartCache, perfId: string, patch: PerformancePatch): PerformanceView {
  const id = ticketsDocId(perfId);
  if (!store.has(id)) throw new CallboardError('not_found', `No performance ${perfId}`, { field: 'performanceId' });
  const cur = store.doc<TicketsDoc>(id);
  const onSale = patch.onSaleAt !== undefined ? patch.onSaleAt : cur.performance.onSaleAt;
  const offSale = patch.offSaleAt !== undefined ? patch.offSaleAt : cur.performance.offSaleAt;
  if (onSale != null && offSale != null && offSale <= onSale) throw new CallboardError('invalid', 'offSaleAt: the sale must close after it opens', { field: 'offSaleAt' });
  if (patch.chartVersion !== undefined && patch.chartVersion !== cur.performance.chartVersion) {
    const sold = reader.db.prepare('SELECT COUNT(*) AS n FROM ticket_lines WHERE perf_id = ?').get(perfId) as { n: number };
    if (sold.n > 0) throw new CallboardError('conflict', 'chartVersion: seats are already sold on the pinned chart version; it cannot change', { field: 'chartVersion' });
    const chart = charts.get(store, str(cur.performance.chartId), patch.chartVersion);
    checkPrices(performanceView(cur).prices, new Set(chart.layout.zones.map((z) => z.id)));
  }
  const doc = store.change<TicketsDoc>(id, (d) => {
    const p = d.performance;
    if (patch.title !== undefined) p.title = imm(patch.title);
    if (patch.startsAt !== undefined) p.startsAt = patch.startsAt;
    if (patch.onSaleAt !== undefined) p.onSaleAt = patch.onSaleAt;
    if (patch.offSaleAt !== undefined) p.offSaleAt = patch.offSaleAt;
    if (patch.holdMinutes !== undefined) p.holdMinutes = patch.holdMinutes;
    if (patch.offerMinutes !== undefined) p.offerMinutes = patch.offerMinutes;
    if (patch.status !== undefined) p.status = imm(patch.status);
    if (patch.eventId !== undefined) p.eventId = patch.eventId === null ? null : imm(patch.eventId);
    if (patch.chartVersion !== undefined) p.chartVersion = patch.chartVersion;
    if (patch.poolDevice !== undefined) p.poolDevice = imm(patch.poolDevice);
  });
  return performanceView(doc);
}

export function setPrices(store: Store, charts: ChartCache, perfId: string, prices: PriceInput[]): PerformanceView {
  const id = ticketsDocId(perfId);
  if (!store.has(id)) throw new CallboardError('not_found', `No performance ${perfId}`, { field: 'performanceId' });
  const cur = store.doc<TicketsDoc>(id).performance;
  const chart = charts.get(store, str(cur.chartId), cur.chartVersion);
  checkPrices(prices, new Set(chart.layout.zones.map((z) => z.id)));
  return performanceView(store.change<TicketsDoc>(id, (d) => writePrices(d, prices)));
}

function requireSeats(charts: ChartCache, store: Store, doc: TicketsDoc, seats: string[]): void {
  const chart = charts.get(store, str(doc.performance.chartId), doc.performance.chartVersion);
  seats.forEach((s, i) => {
    if (!chart.byId.has(s)) throw new CallboardError('not_found', `seats[${i}]: no seat "${s}" on this performance's chart`, { field: `seats[${i}]`, seat: s });
  });
}

/** Kills seats (or holds them back for the house, the sound desk, the company) with a reason. */
export function killSeats(store: Store, reader: SeatReader, charts: ChartCache, perfId: string, seats: string[], kind: KillKind, reason: string, actor: Actor): PerformanceView {
  const id = ticketsDocId(perfId);
  const cur = store.doc<TicketsDoc>(id);
  requireSeats(charts, store, cur, seats);
  seats.forEach((s, i) => {
    if (reader.soldOrder(perfId, s)) throw new CallboardError('conflict', `seats[${i}]: seat ${s} is sold; refund or exchange it first`, { field: `seats[${i}]`, seat: s });
  });
  return performanceView(
    store.change<TicketsDoc>(id, (d) => {
      for (const s of seats) d.kills[s] = { kind: imm(kind), reason: imm(reason), at: actor.now };
    }),
  );
}

export function releaseKills(store: Store, perfId: string, seats: string[]): { doc: TicketsDoc; released: string[] } {
  const id = ticketsDocId(perfId);
  const cur = store.doc<TicketsDoc>(id);
  const released = seats.filter((s) => cur.kills[s]);
  const doc = store.change<TicketsDoc>(id, (d) => {
    for (const s of released) delete d.kills[s];
  });
  return { doc, released };
}

/**
 * Allocates seats to a device for offline selling. A seat allocated to another device
 * moves only when it is not sold; `device: null` moves seats back to the common pool.
 */
export function allocateSeats(store: Store, reader: SeatReader, charts: ChartCache, perfId: string, seats: string[], device: string | null, label: string): { doc: TicketsDoc; moved: string[] } {
  const id = ticketsDocId(perfId);
  const cur = store.doc<TicketsDoc>(id);
  requireSeats(charts, store, cur, seats);
  seats.forEach((s, i) => {
    if (reader.soldOrder(perfId, s)) throw new CallboardError('conflict', `seats[${i}]: seat ${s} is already sold and cannot move`, { field: `seats[${i}]`, seat: s });
  });
  const moving = new Set(seats);
  const doc = store.change<TicketsDoc>(id, (d) => {
    for (const [dev, a] of Object.entries(d.allocations)) {
      const kept = splitIds(a.seats).filter((s) => !moving.has(s));
      if (dev === device) continue;
      if (kept.length === 0) delete d.allocations[dev];
      else if (kept.length !== splitIds(a.seats).length) a.seats = imm(kept.join(','));
    }
    if (device !== null) {
      const existing = d.allocations[device];
      const all = [...new Set([...(existing ? splitIds(existing.seats) : []), ...seats])].sort();
      d.allocations[device] = { device: imm(device), label: imm(label || (existing ? str(existing.label) : device)), seats: imm(all.join(',')), at: existing?.at ?? 0 };
    }
  });
  return { doc, moved: seats };
}
