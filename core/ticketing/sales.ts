import { createHash, randomBytes } from 'node:crypto';
import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { bestAvailable, type BestRequest } from './best-available.ts';
import {
  activeLines,
  adjustmentKey,
  allLines,
  boxOfficeScope,
  imm,
  ORDERS_DOC_TYPE,
  ORDERS_PER_BUCKET,
  ordersDocId,
  optStr,
  parseLines,
  sortedAdjustments,
  splitIds,
  str,
  orderAt,
  ordersOf,
  ticketsDocId,
  type Line,
  type OrderData,
  type AdjustmentRecord,
  type OrderHolder,
  type OrderRecord,
  type OrdersDoc,
  type PaymentMethod,
  type TicketsDoc,
} from './model.ts';
import type { Actor } from './performances.ts';
import { availableHere, type ChartCache, type PerfRow, type SeatReader } from './seat-state.ts';
import { runOffers, sweepPerformance } from './waitlist.ts';

/**
 * Holds, sales, refunds, exchanges and comps on one performance. Every function here runs
 * inside the dispatcher's transaction: it checks seat state in the projection, then writes
 * the tickets document, with nothing in between, so on one replica exactly one of two
 * competing requests for a seat wins.
 */
export interface Deps {
  store: Store;
  reader: SeatReader;
  charts: ChartCache;
}

export interface OrderView {
  id: string;
  performanceId: string;
  createdAt: number;
  device: string;
  by: string;
  buyer: { name: string; email: string; phone: string };
  payment: { method: string; reference: string };
  source: string;
  externalId: string | null;
  externalPlatform: string | null;
  idempotencyKey: string | null;
  note: string;
  lines: Array<Line & { status: string }>;
  total: number;
  refunded: number;
  adjustments: Array<{ id: string; kind: string; at: number; removed: string[]; added: Line[]; amount: number; reason: string }>;
}

export function orderView(perfId: string, o: OrderRecord): OrderView {
  const lines = allLines(o);
  const adjustments = sortedAdjustments(o);
  return {
    id: str(o.id),
    performanceId: perfId,
    createdAt: o.createdAt,
    device: str(o.device),
    by: str(o.by),
    buyer: { name: str(o.buyer.name), email: str(o.buyer.email), phone: str(o.buyer.phone) },
    payment: { method: str(o.payment.method), reference: str(o.payment.reference) },
    source: str(o.source),
    externalId: optStr(o.externalId),
    externalPlatform: optStr(o.externalPlatform),
    idempotencyKey: optStr(o.idempotencyKey),
    note: str(o.note),
    lines: lines.map(({ endedAt: _e, ...l }) => l),
    total: lines.filter((l) => l.status === 'sold').reduce((n, l) => n + l.amount, 0),
    refunded: adjustments.filter((a) => str(a.kind) === 'refund').reduce((n, a) => n + a.amount, 0),
    adjustments: adjustments.map((a) => ({ id: str(a.id), kind: str(a.kind), at: a.at, removed: splitIds(a.removed), added: parseLines(a.added), amount: a.amount, reason: str(a.reason) })),
  };
}

function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

const newId = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex')}`;

function checkOpen(perf: PerfRow, now: number, field = 'performanceId'): void {
  if (perf.status === 'cancelled') throw new CallboardError('invalid', `${field}: performance ${perf.perf_id} is cancelled`, { field });
  if (perf.on_sale_at !== null && now < perf.on_sale_at) {
    throw new CallboardError('invalid', `${field}: performance ${perf.perf_id} is not on sale until ${new Date(perf.on_sale_at).toISOString()}`, { field, onSaleAt: perf.on_sale_at });
  }
  if (perf.off_sale_at !== null && now >= perf.off_sale_at) {
    throw new CallboardError('invalid', `${field}: sales for performance ${perf.perf_id} closed at ${new Date(perf.off_sale_at).toISOString()}`, { field, offSaleAt: perf.off_sale_at });
  }
}

/** Throws `sold_out` (waiting list open) when nothing is left to sell here, else `conflict` with `message`. */
function seatUnavailable(deps: Deps, perf: PerfRow, actor: Actor, message: string, details: Record<string, unknown>): CallboardError {
  const chart = deps.charts.get(deps.store, perf.chart_id, perf.chart_version);
  const free = availableHere(chart.places, deps.reader.sets(perf.perf_id, actor.now), perf, actor.deviceId);
  if (free.size === 0) {
    return new CallboardError('sold_out', `Performance ${perf.title} is sold out; the waiting list is open (tickets.waitlist.join)`, {
      performanceId: perf.perf_id,
      waitingList: 'open',
    });
  }
  return new CallboardError('conflict', message, { ...details, available: free.size });
}

/** Checks each seat can be sold (or held) here now; `ownHold` is the caller's hold, which does not block. */
function checkSeats(deps: Deps, perf: PerfRow, seats: string[], actor: Actor, ownHold: string, fieldOf: (i: number) => string): void {
  const chart = deps.charts.get(deps.store, perf.chart_id, perf.chart_version);
  const seen = new Set<string>();
  seats.forEach((seat, i) => {
    const field = fieldOf(i);
    if (!chart.byId.has(seat)) throw new CallboardError('not_found', `${field}: no seat "${seat}" on this performance's chart`, { field, seat });
    if (seen.has(seat)) throw new CallboardError('invalid', `${field}: seat ${seat} is asked for twice`, { field, seat });
    seen.add(seat);
  });
  seats.forEach((seat, i) => {
    const field = fieldOf(i);
    const fail = (why: string) => seatUnavailable(deps, perf, actor, `${field}: seat ${seat} ${why}`, { field, seat });
    if (deps.reader.soldOrder(perf.perf_id, seat)) throw fail('is already sold');
    const kill = deps.reader.kill(perf.perf_id, seat);
    if (kill) throw fail(`is not for sale (${kill.kind}: ${kill.reason})`);
    const held = deps.reader.heldByOther(perf.perf_id, seat, actor.now, ownHold);
    if (held) throw fail(held.kind === 'offer' ? 'is offered to the waiting list' : 'is held by another sale');
    const alloc = deps.reader.allocation(perf.perf_id, seat);
    if (alloc ? alloc.device !== actor.deviceId && alloc.device !== actor.channel : perf.pool_device !== actor.deviceId) {
      throw fail(alloc ? `is allocated to ${alloc.label}; sell it from that device` : 'is in the common pool, which is sold through another replica');
    }
  });
}

function pickBest(deps: Deps, perf: PerfRow, req: BestRequest, actor: Actor, ownHold = ''): string[] {
  const chart = deps.charts.get(deps.store, perf.chart_id, perf.chart_version);
  const free = availableHere(chart.places, deps.reader.sets(perf.perf_id, actor.now), perf, actor.deviceId, ownHold, actor.channel);
  const seats = bestAvailable(chart.places, free, req);
  if (seats) return seats;
  if (free.size === 0) {
    throw new CallboardError('sold_out', `Performance ${perf.title} is sold out; the waiting list is open (tickets.waitlist.join)`, { performanceId: perf.perf_id, waitingList: 'open' });
  }
  const what = `${req.count} seats together${req.zone ? ` in ${req.zone}` : ''}${req.accessible ? ' with a wheelchair space' : ''}`;
  throw new CallboardError('conflict', `count: no ${what} are left (${free.size} single seats remain); pick seats on the map or join the waiting list`, {
    field: 'count',
    available: free.size,
  });
}

function prepare(deps: Deps, perfId: string, actor: Actor): PerfRow {
  const perf = deps.reader.requirePerf(perfId);
  sweepPerformance(deps.store, deps.reader, deps.charts, perfId, actor);
  return perf;
}

// ---- holds ------------------------------------------------------------------------------

export interface HoldInput {
  performanceId: string;
  seats?: string[];
  best?: BestRequest;
  minutes?: number;
}

export interface HoldView {
  holdId: string;
  performanceId: string;
  seats: string[];
  expiresAt: number;
  kind: string;
}

export function hold(deps: Deps, input: HoldInput, actor: Actor): HoldView {
  const perf = prepare(deps, input.performanceId, actor);
  checkOpen(perf, actor.now);
  let seats: string[];
  if (input.seats && input.seats.length) {
    checkSeats(deps, perf, input.seats, actor, '', (i) => `seats[${i}]`);
    seats = input.seats;
  } else if (input.best) {
    seats = pickBest(deps, perf, input.best, actor);
  } else {
    throw new CallboardError('invalid', 'seats: name the seats to hold, or ask for the best available', { field: 'seats' });
  }
  const holdId = newId('hold');
  const expiresAt = actor.now + (input.minutes ?? perf.hold_minutes) * 60_000;
  deps.store.change<TicketsDoc>(ticketsDocId(perf.perf_id), (d) => {
    d.holds[holdId] = { id: imm(holdId), seats: imm(seats.join(',')), createdAt: actor.now, expiresAt, by: imm(actor.userId), device: imm(actor.deviceId), kind: imm('cart'), waitlistEntry: null };
  });
  return { holdId, performanceId: perf.perf_id, seats, expiresAt, kind: 'cart' };
}

export function releaseHold(deps: Deps, perfId: string, holdId: string, actor: Actor): { released: string[] } {
  deps.reader.requirePerf(perfId);
  const id = ticketsDocId(perfId);
  const h = deps.store.doc<TicketsDoc>(id).holds[holdId];
  if (!h) throw new CallboardError('not_found', `No hold ${holdId} (it may have expired or been sold)`, { field: 'holdId' });
  if (str(h.kind) === 'offer') throw new CallboardError('invalid', `holdId: ${holdId} is a waiting-list offer; decline it with tickets.waitlist.decline`, { field: 'holdId' });
  const seats = splitIds(h.seats);
  deps.store.change<TicketsDoc>(id, (d) => {
    delete d.holds[holdId];
  });
  runOffers(deps.store, deps.reader, deps.charts, perfId, actor);
  return { released: seats };
}

// ---- sales ------------------------------------------------------------------------------

export interface TicketInput {
  seatId?: string;
  priceId: string;
}

export interface SaleInput {
  performanceId: string;
  idempotencyKey?: string;
  holdId?: string;
  tickets: TicketInput[];
  buyer: { name: string; email?: string; phone?: string };
  payment: { method: PaymentMethod; reference?: string };
  note?: string;
}

export interface SaleOptions {
  source?: 'boxoffice' | 'external';
  externalId?: string;
  externalPlatform?: string;
  createdAt?: number;
  /** Imports record sales already made elsewhere: the sale window does not apply. */
  ignoreSaleWindow?: boolean;
}

export interface SaleResult {
  order: OrderView;
  /** False when an idempotent retry returned the order made the first time. */
  created: boolean;
}

export function saleFingerprint(input: SaleInput, opts: SaleOptions = {}): string {
  return fingerprint({
    p: input.performanceId,
    h: input.holdId ?? null,
    t: input.tickets.map((t) => [t.seatId ?? null, t.priceId]),
    b: [input.buyer.name, input.buyer.email ?? '', input.buyer.phone ?? ''],
    m: [input.payment.method, input.payment.reference ?? ''],
    n: input.note ?? '',
    x: [opts.externalPlatform ?? null, opts.externalId ?? null],
  });
}

export function sell(deps: Deps, input: SaleInput, actor: Actor, opts: SaleOptions = {}): SaleResult {
  const perfId = input.performanceId;
  const perf = deps.reader.requirePerf(perfId);
  const docId = ticketsDocId(perfId);
  const print = saleFingerprint(input, opts);
  if (input.idempotencyKey) {
    const prior = deps.reader.orderByKey(perfId, input.idempotencyKey);
    if (prior) {
      if (prior.fingerprint !== print) {
        throw new CallboardError('conflict', `idempotencyKey: "${input.idempotencyKey}" was already used for a different sale (order ${prior.order_id})`, {
          field: 'idempotencyKey',
          orderId: prior.order_id,
        });
      }
      return { order: orderView(perfId, orderAt(deps.store.doc<OrdersDoc>(prior.doc_id), prior.order_id)!), created: false };
    }
  }
  sweepPerformance(deps.store, deps.reader, deps.charts, perfId, actor);
  if (!opts.ignoreSaleWindow) checkOpen(perf, actor.now);
  if (input.tickets.length === 0) throw new CallboardError('invalid', 'tickets: a sale needs at least one ticket', { field: 'tickets' });
  const doc = deps.store.doc<TicketsDoc>(docId);
  const prices = input.tickets.map((t, i) => {
    const p = doc.prices[t.priceId];
    if (!p) throw new CallboardError('invalid', `tickets[${i}].priceId: "${t.priceId}" is not in this performance's price list`, { field: `tickets[${i}].priceId` });
    return p;
  });

  // Seats: given, from the hold, or best available for the seatless tickets.
  let holdSeats: string[] = [];
  let holdKind = '';
  let waitlistEntry: string | null = null;
  if (input.holdId) {
    const h = doc.holds[input.holdId];
    if (!h || h.expiresAt <= actor.now) {
      throw new CallboardError('conflict', `holdId: hold ${input.holdId} has expired or was released; hold the seats again`, { field: 'holdId' });
    }
    holdSeats = splitIds(h.seats);
    holdKind = str(h.kind);
    waitlistEntry = optStr(h.waitlistEntry);
  }
  const seats: string[] = input.tickets.map((t) => t.seatId ?? '');
  const givenInHold = new Set(seats.filter(Boolean));
  const spareHold = holdSeats.filter((s) => !givenInHold.has(s));
  seats.forEach((s, i) => {
    if (s) return;
    const next = spareHold.shift();
    if (next) seats[i] = next;
  });
  const missing = seats.map((s, i) => (s ? -1 : i)).filter((i) => i >= 0);
  if (missing.length) {
    const zone = str(prices[missing[0]!]!.zone);
    const picked = pickBest(deps, perf, { count: missing.length, zone }, actor, input.holdId ?? '');
    missing.forEach((ti, k) => (seats[ti] = picked[k]!));
  }
  if (holdKind === 'offer' && seats.some((s) => !holdSeats.includes(s))) {
    throw new CallboardError('invalid', 'tickets: a waiting-list offer sells exactly its offered seats', { field: 'tickets' });
  }
  checkSeats(deps, perf, seats, actor, input.holdId ?? '', (i) => `tickets[${i}].seatId`);
  const chart = deps.charts.get(deps.store, perf.chart_id, perf.chart_version);
  const comp = input.payment.method === 'comp';
  const lines: Line[] = seats.map((seat, i) => {
    const price = prices[i]!;
    const place = chart.byId.get(seat)!;
    if (str(price.zone) !== place.zone) {
      throw new CallboardError('invalid', `tickets[${i}].priceId: price "${input.tickets[i]!.priceId}" is for zone ${str(price.zone)}, but seat ${seat} is in zone ${place.zone}`, {
        field: `tickets[${i}].priceId`,
      });
    }
    return { id: `l${i + 1}`, seat, priceId: str(price.id), ticketType: comp ? 'comp' : str(price.ticketType), zone: place.zone, amount: comp ? 0 : price.amount };
  });

  const orderId = newId('ord');
  const data: OrderData = {
    id: orderId,
    createdAt: opts.createdAt ?? actor.now,
    device: actor.channel ?? actor.deviceId,
    by: actor.userId,
    buyer: { name: input.buyer.name, email: input.buyer.email ?? '', phone: input.buyer.phone ?? '' },
    payment: { method: input.payment.method, reference: input.payment.reference ?? '' },
    idempotencyKey: input.idempotencyKey ?? null,
    fingerprint: print,
    source: opts.source ?? 'boxoffice',
    externalId: opts.externalId ?? null,
    externalPlatform: opts.externalPlatform ?? null,
    note: input.note ?? '',
    lines,
  };
  const order = deps.store.transaction(() => {
    // The seat-state document changes only when the sale consumes a hold or an offer.
    if (input.holdId) {
      deps.store.change<TicketsDoc>(docId, (d) => {
        delete d.holds[input.holdId!];
        const entry = waitlistEntry ? d.waitlist[waitlistEntry] : undefined;
        if (entry) {
          entry.status = imm('accepted');
          entry.offerHold = null;
        }
      });
    }
    return appendOrder(deps, perf, actor.deviceId, data);
  });
  return { order: orderView(perfId, order), created: true };
}

/**
 * Adds a new order to this device's newest order bucket, or opens the next bucket when that
 * one holds ORDERS_PER_BUCKET orders. Only this device writes new orders into its buckets, so
 * two replicas never create the same bucket document.
 */
function appendOrder(deps: Deps, perf: PerfRow, device: string, data: OrderData): OrderRecord {
  const stored = () => imm(JSON.stringify(data));
  const last = deps.reader.lastBucket(perf.perf_id, device);
  if (last && last.orders < ORDERS_PER_BUCKET) {
    deps.store.change<OrdersDoc>(last.doc_id, (d) => {
      d.orders[data.id] = stored();
    });
    return { ...data, adjustments: {} };
  }
  let n = (last?.n ?? 0) + 1;
  while (deps.store.has(ordersDocId(perf.perf_id, device, n))) n++;
  deps.store.create<OrdersDoc>(
    ordersDocId(perf.perf_id, device, n),
    ORDERS_DOC_TYPE,
    boxOfficeScope(perf.perf_id),
    (d) => {
      d.bucket = { performanceId: imm(perf.perf_id), productionId: imm(perf.production_id), device: imm(device), n, createdAt: data.createdAt };
      d.orders = { [data.id]: stored() };
      d.adjustments = {};
    },
    { message: `orders ${n} of ${perf.perf_id}` },
  );
  return { ...data, adjustments: {} };
}

// ---- refunds and exchanges ------------------------------------------------------------

/** Appends an adjustment to an order, in its bucket (or inside it, for an order made before buckets); returns the order after. */
function addAdjustment(deps: Deps, docId: string, orderId: string, adjId: string, record: AdjustmentRecord): OrderRecord {
  const after = deps.store.change<OrderHolder>(docId, (d) => {
    const stored = d.orders![orderId]!;
    if (typeof stored === 'object' && 'data' in stored) stored.adjustments[adjId] = record;
    else d.adjustments![adjustmentKey(orderId, adjId)] = record;
  });
  return orderAt(after, orderId)!;
}

/** An order and the document that holds it. */
function requireOrder(deps: Deps, perfId: string, orderId: string): { o: OrderRecord; docId: string } {
  deps.reader.requirePerf(perfId);
  const docId = deps.reader.orderDoc(perfId, orderId);
  const o = docId ? orderAt(deps.store.doc<OrdersDoc>(docId), orderId) : undefined;
  if (!o || !docId) throw new CallboardError('not_found', `No order ${orderId} for performance ${perfId}`, { field: 'orderId' });
  return { o, docId };
}

/** Every order of a performance, from its order buckets (and its tickets document, for orders made before buckets). */
export function performanceOrders(deps: Deps, perfId: string): OrderRecord[] {
  const legacy = deps.store.doc<TicketsDoc>(ticketsDocId(perfId));
  return [...ordersOf(legacy), ...deps.reader.bucketDocs(perfId).flatMap((id) => ordersOf(deps.store.doc<OrdersDoc>(id)))];
}

function pickLines(o: OrderRecord, lineIds: string[] | undefined, verb: string): Line[] {
  const active = activeLines(o);
  const all = allLines(o);
  if (!lineIds || lineIds.length === 0) {
    if (active.length === 0) throw new CallboardError('conflict', `Order ${str(o.id)} has nothing left to ${verb}: every ticket is already refunded or exchanged`, { field: 'orderId' });
    return active;
  }
  return lineIds.map((id, i) => {
    const line = all.find((l) => l.id === id);
    if (!line) throw new CallboardError('not_found', `lineIds[${i}]: order ${str(o.id)} has no ticket ${id}`, { field: `lineIds[${i}]` });
    if (line.status !== 'sold') throw new CallboardError('conflict', `lineIds[${i}]: ticket ${id} (seat ${line.seat}) is already ${line.status}`, { field: `lineIds[${i}]` });
    return line;
  });
}

export interface RefundInput {
  performanceId: string;
  orderId: string;
  lineIds?: string[];
  amount?: number;
  reason: string;
  idempotencyKey?: string;
  /** Set when the refund is the first half of an exchange to another performance. */
  exchangedTo?: { performanceId: string; orderId: string };
}

export function refund(deps: Deps, input: RefundInput, actor: Actor): { order: OrderView; refunded: number; freed: string[]; created: boolean } {
  const { o, docId } = requireOrder(deps, input.performanceId, input.orderId);
  if (input.idempotencyKey) {
    const prior = Object.values(o.adjustments).find((a) => optStr(a.idempotencyKey) === input.idempotencyKey);
    if (prior) {
      const same = !input.lineIds?.length || [...input.lineIds].sort().join(',') === splitIds(prior.removed).sort().join(',');
      if (!same) throw new CallboardError('conflict', `idempotencyKey: "${input.idempotencyKey}" was already used for a different refund`, { field: 'idempotencyKey' });
      return { order: orderView(input.performanceId, o), refunded: prior.amount, freed: [], created: false };
    }
  }
  sweepPerformance(deps.store, deps.reader, deps.charts, input.performanceId, actor);
  const lines = pickLines(o, input.lineIds, 'refund');
  const max = lines.reduce((n, l) => n + l.amount, 0);
  const amount = input.amount ?? max;
  if (amount > max) throw new CallboardError('invalid', `amount: ${amount} is more than the ${max} paid for these tickets`, { field: 'amount' });
  const adjId = newId('adj');
  const after = addAdjustment(deps, docId, input.orderId, adjId, {
      id: imm(adjId),
      kind: imm(input.exchangedTo ? 'exchange' : 'refund'),
      at: actor.now,
      by: imm(actor.userId),
      device: imm(actor.deviceId),
      removed: imm(lines.map((l) => l.id).join(',')),
      added: imm('[]'),
      amount: input.exchangedTo ? -amount : amount,
      reason: imm(input.exchangedTo ? `${input.reason} (exchanged to ${input.exchangedTo.performanceId} order ${input.exchangedTo.orderId})` : input.reason),
      idempotencyKey: input.idempotencyKey ? imm(input.idempotencyKey) : null,
  });
  runOffers(deps.store, deps.reader, deps.charts, input.performanceId, actor);
  return { order: orderView(input.performanceId, after), refunded: amount, freed: lines.map((l) => l.seat), created: true };
}

export interface ExchangeInput {
  performanceId: string;
  orderId: string;
  lineIds: string[];
  to: Array<{ seatId: string; priceId?: string }>;
  reason: string;
  holdId?: string;
}

/** Moves tickets of an order to other seats of the same performance, in one change. */
export function exchange(deps: Deps, input: ExchangeInput, actor: Actor, kind: 'exchange' | 'reseat' = 'exchange'): { order: OrderView; difference: number } {
  const { o, docId } = requireOrder(deps, input.performanceId, input.orderId);
  const perf = deps.reader.requirePerf(input.performanceId);
  sweepPerformance(deps.store, deps.reader, deps.charts, input.performanceId, actor);
  const lines = pickLines(o, input.lineIds, 'exchange');
  if (input.to.length !== lines.length) throw new CallboardError('invalid', `to: give one new seat for each of the ${lines.length} tickets`, { field: 'to' });
  const targets = input.to.map((t) => t.seatId);
  if (kind === 'exchange') checkSeats(deps, perf, targets, actor, input.holdId ?? '', (i) => `to[${i}].seatId`);
  else {
    const chart = deps.charts.get(deps.store, perf.chart_id, perf.chart_version);
    targets.forEach((s, i) => {
      if (!chart.byId.has(s)) throw new CallboardError('not_found', `to[${i}].seatId: no seat "${s}"`, { field: `to[${i}].seatId` });
      if (deps.reader.soldOrder(perf.perf_id, s) || deps.reader.kill(perf.perf_id, s)) throw new CallboardError('conflict', `to[${i}].seatId: seat ${s} is not free`, { field: `to[${i}].seatId` });
    });
  }
  const doc = deps.store.doc<TicketsDoc>(ticketsDocId(input.performanceId));
  const chart = deps.charts.get(deps.store, perf.chart_id, perf.chart_version);
  const comp = str(o.payment.method) === 'comp';
  const existing = new Set(allLines(o).map((l) => l.id));
  let n = existing.size;
  const added: Line[] = input.to.map((t, i) => {
    const old = lines[i]!;
    const place = chart.byId.get(t.seatId)!;
    const priceId = t.priceId ?? old.priceId;
    const price = doc.prices[priceId];
    if (!price) throw new CallboardError('invalid', `to[${i}].priceId: "${priceId}" is not in this performance's price list`, { field: `to[${i}].priceId` });
    if (kind === 'exchange' && str(price.zone) !== place.zone) {
      throw new CallboardError('invalid', `to[${i}].priceId: price "${priceId}" is for zone ${str(price.zone)}, but seat ${t.seatId} is in zone ${place.zone}; name a price for that zone`, { field: `to[${i}].priceId` });
    }
    let id = `l${++n}`;
    while (existing.has(id)) id = `l${++n}`;
    const amount = kind === 'reseat' ? old.amount : comp ? 0 : price.amount;
    return { id, seat: t.seatId, priceId, ticketType: kind === 'reseat' ? old.ticketType : comp ? 'comp' : str(price.ticketType), zone: place.zone, amount };
  });
  const difference = added.reduce((s, l) => s + l.amount, 0) - lines.reduce((s, l) => s + l.amount, 0);
  const adjId = newId('adj');
  const after = deps.store.transaction(() => {
    if (input.holdId) {
      deps.store.change<TicketsDoc>(ticketsDocId(input.performanceId), (d) => {
        delete d.holds[input.holdId!];
      });
    }
    return addAdjustment(deps, docId, input.orderId, adjId, {
      id: imm(adjId),
      kind: imm(kind),
      at: actor.now,
      by: imm(actor.userId),
      device: imm(actor.deviceId),
      removed: imm(lines.map((l) => l.id).join(',')),
      added: imm(JSON.stringify(added)),
      amount: difference,
      reason: imm(input.reason),
      idempotencyKey: null,
    });
  });
  runOffers(deps.store, deps.reader, deps.charts, input.performanceId, actor);
  return { order: orderView(input.performanceId, after), difference };
}

export function bestSeats(deps: Deps, perfId: string, req: BestRequest, actor: Actor): string[] {
  const perf = deps.reader.requirePerf(perfId);
  return pickBest(deps, perf, req, actor);
}

export function orderOf(deps: Deps, perfId: string, orderId: string): OrderView {
  return orderView(perfId, requireOrder(deps, perfId, orderId).o);
}
