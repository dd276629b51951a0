import * as A from '@automerge/automerge';

/**
 * The box office's documents.
 *
 *   `chart:<chartId>`        type `seating-chart`, scope `venue:<venueId>`: one venue space's
 *                            seating chart with every published version (a version's layout
 *                            is an immutable JSON snapshot, so a performance pins it).
 *   `tickets:<performance>`  type `tickets`, scope `boxoffice:<performance>`: one performance's
 *                            price list, sale window, kills, allocations, holds and waiting
 *                            list — the seat state a sale checks, kept small.
 *   `ticket-orders:<performance>:<device>:<n>`  type `ticket-orders`, same scope: a bucket of
 *                            at most ORDERS_PER_BUCKET orders made by one device, so no
 *                            document grows with the house (docs/decisions/0004-box-office.md
 *                            has the figures). Only its device creates a bucket, so two
 *                            replicas never create the same one concurrently.
 *
 * Every non-prose string is an Automerge ImmutableString; sold lines are kept as one
 * immutable JSON string per order and later changes are appended as adjustments, so
 * concurrent sales and refunds on two replicas only ever add map keys.
 */
export const CHART_DOC_TYPE = 'seating-chart';
export const TICKETS_DOC_TYPE = 'tickets';
export const ORDERS_DOC_TYPE = 'ticket-orders';
/** Orders per bucket document: a sold-out 2,000-seat house is about six buckets. */
export const ORDERS_PER_BUCKET = 200;

export const chartDocId = (chartId: string): string => `chart:${chartId}`;
export const ticketsDocId = (performanceId: string): string => `tickets:${performanceId}`;
export const ordersDocId = (performanceId: string, device: string, n: number): string => `ticket-orders:${performanceId}:${device}:${n}`;
export const venueScope = (venueId: string): string => `venue:${venueId}`;
export const boxOfficeScope = (performanceId: string): string => `boxoffice:${performanceId}`;

export type Imm = A.ImmutableString;
export const imm = (s: string): Imm => new A.ImmutableString(s);
/** Reads a stored string whether it was written as ImmutableString or text. */
export const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : String(v));
export const optStr = (v: unknown): string | null => (v === undefined || v === null ? null : str(v));

export const PAYMENT_METHODS = ['cash', 'card', 'external', 'comp', 'exchange'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const KILL_KINDS = ['kill', 'house', 'company', 'sound-desk', 'camera', 'other'] as const;
export type KillKind = (typeof KILL_KINDS)[number];

export const DEFAULT_HOLD_MINUTES = 10;
export const DEFAULT_OFFER_MINUTES = 60 * 24;

// ---- chart documents -------------------------------------------------------------------

export interface ChartVersionRecord {
  version: number;
  createdAt: number;
  note: Imm;
  /** JSON of a ChartLayout (core/ticketing/chart.ts). */
  layout: Imm;
  seats: number;
}

export interface ChartDoc {
  chart: { id: Imm; venueId: Imm; spaceId: Imm; name: Imm; createdAt: number };
  versions: Record<string, ChartVersionRecord>;
  latest: number;
}

// ---- tickets documents -----------------------------------------------------------------

export interface PerformanceRecord {
  id: Imm;
  productionId: Imm;
  /** The production's performance event this sells, if the calendar has one. */
  eventId: Imm | null;
  title: Imm;
  venueId: Imm;
  spaceId: Imm;
  chartId: Imm;
  chartVersion: number;
  startsAt: number;
  onSaleAt: number | null;
  offSaleAt: number | null;
  holdMinutes: number;
  offerMinutes: number;
  status: Imm; // 'scheduled' | 'cancelled'
  /** The replica that sells the common (unallocated) pool. */
  poolDevice: Imm;
  createdAt: number;
}

export interface PriceRecord {
  id: Imm;
  ticketType: Imm;
  zone: Imm;
  /** Cents. */
  amount: number;
  label: Imm;
}

export interface KillRecord {
  kind: Imm;
  reason: Imm;
  at: number;
}

export interface AllocationRecord {
  device: Imm;
  label: Imm;
  /** Comma-separated seat ids. */
  seats: Imm;
  at: number;
}

export interface HoldRecord {
  id: Imm;
  seats: Imm;
  createdAt: number;
  expiresAt: number;
  by: Imm;
  device: Imm;
  kind: Imm; // 'cart' | 'offer'
  waitlistEntry: Imm | null;
}

/** One ticket as sold. Kept inside the order's immutable `lines` JSON. */
export interface Line {
  id: string;
  seat: string;
  priceId: string;
  ticketType: string;
  zone: string;
  amount: number;
}

export interface AdjustmentRecord {
  id: Imm;
  kind: Imm; // 'refund' | 'exchange' | 'reseat'
  at: number;
  by: Imm;
  device: Imm;
  /** Comma-separated line ids no longer active. */
  removed: Imm;
  /** JSON Line[] added (exchange, reseat). */
  added: Imm;
  /** Cents refunded (refund) or owed (+) / returned (−) on an exchange. */
  amount: number;
  reason: Imm;
  idempotencyKey: Imm | null;
}

/**
 * An order as stored: everything decided at the sale is one immutable JSON string (so an
 * order costs the document two objects, not twenty); later refunds and exchanges are
 * appended under `adjustments`. Read it with `readOrder`.
 */
export interface StoredOrder {
  data: Imm;
  adjustments: Record<string, AdjustmentRecord>;
}

export interface OrderData {
  id: string;
  createdAt: number;
  device: string;
  by: string;
  buyer: { name: string; email: string; phone: string };
  payment: { method: string; reference: string };
  idempotencyKey: string | null;
  fingerprint: string;
  source: string; // 'boxoffice' | 'external'
  externalId: string | null;
  externalPlatform: string | null;
  note: string;
  lines: Line[];
}

export interface OrderRecord extends OrderData {
  adjustments: Record<string, AdjustmentRecord>;
}

export function readOrder(stored: StoredOrder): OrderRecord {
  return { ...(JSON.parse(str(stored.data)) as OrderData), adjustments: stored.adjustments ?? {} };
}

export function orderAt(doc: OrderHolder, orderId: string): OrderRecord | undefined {
  const stored = doc.orders?.[orderId];
  if (stored === undefined) return undefined;
  if (isStoredOrder(stored)) return readOrder(stored);
  const prefix = `${orderId}/`;
  const adjustments: Record<string, AdjustmentRecord> = {};
  for (const [key, adj] of Object.entries(doc.adjustments ?? {})) if (key.startsWith(prefix)) adjustments[key.slice(prefix.length)] = adj;
  return orderFrom(stored, adjustments);
}

export function ordersOf(doc: OrderHolder): OrderRecord[] {
  const adjustments = adjustmentsByOrder(doc);
  return Object.entries(doc.orders ?? {}).map(([id, stored]) => orderFrom(stored, adjustments.get(id)));
}

export interface WaitlistRecord {
  id: Imm;
  name: Imm;
  email: Imm;
  phone: Imm;
  count: number;
  zone: Imm | null;
  accessible: boolean;
  maxPrice: number | null;
  joinedAt: number;
  status: Imm; // waiting | offered | accepted | declined | expired | removed
  offerHold: Imm | null;
  offerExpiresAt: number | null;
  offers: number;
}

export interface TicketsDoc {
  performance: PerformanceRecord;
  prices: Record<string, PriceRecord>;
  kills: Record<string, KillRecord>;
  allocations: Record<string, AllocationRecord>;
  holds: Record<string, HoldRecord>;
  /** Orders of documents written before orders moved to bucket documents (read, never added to). */
  orders?: Record<string, StoredOrder>;
  waitlist: Record<string, WaitlistRecord>;
}

/**
 * A bucket of orders (`ticket-orders:<performance>:<device>:<n>`). A sale adds one scalar
 * (the order's immutable JSON) and nothing else; refunds and exchanges add one record under
 * `adjustments`, keyed `<orderId>/<adjustmentId>` so two replicas adjusting the same order
 * still only add distinct keys.
 */
export interface OrdersDoc {
  bucket: { performanceId: Imm; productionId: Imm; device: Imm; n: number; createdAt: number };
  orders: Record<string, Imm>;
  adjustments: Record<string, AdjustmentRecord>;
}

/** A document holding orders: an order bucket, or a tickets document written before buckets (orders as StoredOrder). */
export interface OrderHolder {
  orders?: Record<string, Imm | StoredOrder>;
  adjustments?: Record<string, AdjustmentRecord>;
}

const isStoredOrder = (v: Imm | StoredOrder): v is StoredOrder => typeof v === 'object' && v !== null && 'data' in v;

function adjustmentsByOrder(doc: OrderHolder): Map<string, Record<string, AdjustmentRecord>> {
  const out = new Map<string, Record<string, AdjustmentRecord>>();
  for (const [key, adj] of Object.entries(doc.adjustments ?? {})) {
    const slash = key.indexOf('/');
    const orderId = key.slice(0, slash);
    let m = out.get(orderId);
    if (!m) out.set(orderId, (m = {}));
    m[key.slice(slash + 1)] = adj;
  }
  return out;
}

function orderFrom(stored: Imm | StoredOrder, adjustments: Record<string, AdjustmentRecord> | undefined): OrderRecord {
  if (isStoredOrder(stored)) return readOrder(stored);
  return { ...(JSON.parse(str(stored)) as OrderData), adjustments: adjustments ?? {} };
}

/** The key of an adjustment in an order bucket's `adjustments` map. */
export const adjustmentKey = (orderId: string, adjustmentId: string): string => `${orderId}/${adjustmentId}`;

export function parseLines(json: unknown): Line[] {
  const text = str(json);
  if (!text) return [];
  return JSON.parse(text) as Line[];
}

export function splitIds(v: unknown): string[] {
  const s = str(v);
  return s ? s.split(',') : [];
}

/** The lines of an order still in force: sold lines plus those added by exchanges, minus removed ones. */
export function activeLines(order: OrderRecord): Line[] {
  const removed = new Set<string>();
  const added: Line[] = [];
  for (const adj of sortedAdjustments(order)) {
    for (const id of splitIds(adj.removed)) removed.add(id);
    added.push(...parseLines(adj.added));
  }
  return [...order.lines, ...added].filter((l) => !removed.has(l.id));
}

/** Every line the order ever had, with its current status. */
export function allLines(order: OrderRecord): Array<Line & { status: 'sold' | 'refunded' | 'exchanged'; endedAt: number | null }> {
  const ended = new Map<string, { kind: string; at: number }>();
  const added: Line[] = [];
  for (const adj of sortedAdjustments(order)) {
    for (const id of splitIds(adj.removed)) if (!ended.has(id)) ended.set(id, { kind: str(adj.kind), at: adj.at });
    added.push(...parseLines(adj.added));
  }
  return [...order.lines, ...added].map((l) => {
    const e = ended.get(l.id);
    return { ...l, status: !e ? 'sold' : e.kind === 'refund' ? 'refunded' : 'exchanged', endedAt: e?.at ?? null };
  });
}

export function sortedAdjustments(order: OrderRecord): AdjustmentRecord[] {
  return Object.values(order.adjustments ?? {}).sort((a, b) => a.at - b.at || (str(a.id) < str(b.id) ? -1 : 1));
}
