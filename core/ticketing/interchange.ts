import { parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CallboardError, toCallboardError } from '../errors.ts';
import { ticketsDocId, type TicketsDoc } from './model.ts';
import type { Actor } from './performances.ts';
import { performanceView } from './performances.ts';
import { sell, type Deps, type SaleInput } from './sales.ts';
import { statusOf, sellableHere } from './seat-state.ts';

/**
 * Interchange with outside sales platforms (docs/box-office.md, "Interchange format").
 *
 * Import: `callboard.sales/1` JSON, or CSV with a column mapping. Each outside order becomes
 * an order of source `external`, recorded as sold by the channel `external:<platform>` (so
 * seats allocated to that channel are its to sell), keyed by its external id: re-importing
 * the same file changes nothing; an order whose seat we already sold is reported as a
 * conflict and not imported.
 * Export: `callboard.availability/1` JSON (or CSV) with the price list and every seat's
 * availability, for upload to the platform.
 */
export const SALES_FORMAT = 'callboard.sales/1';
export const AVAILABILITY_FORMAT = 'callboard.availability/1';

export interface ExternalOrder {
  externalId: string;
  createdAt?: string;
  buyer: { name: string; email?: string; phone?: string };
  tickets: Array<{ seat?: string; priceId: string }>;
  reference?: string;
}

export interface SalesFile {
  format: typeof SALES_FORMAT;
  platform: string;
  performanceId: string;
  orders: ExternalOrder[];
}

export interface CsvMapping {
  externalId: string;
  seat: string;
  priceId: string;
  name: string;
  email?: string;
  phone?: string;
  createdAt?: string;
  performanceId?: string;
}

export const DEFAULT_CSV_MAPPING: CsvMapping = {
  externalId: 'order_id',
  seat: 'seat',
  priceId: 'price',
  name: 'name',
  email: 'email',
  phone: 'phone',
  createdAt: 'created_at',
  performanceId: 'performance',
};

/** Groups CSV rows (one per ticket) into outside orders, using `mapping` to name the columns. */
export function ordersFromCsv(csv: string, mapping: CsvMapping, performanceId: string): ExternalOrder[] {
  let rows: Array<Record<string, string>>;
  try {
    rows = parseCsv(csv, { columns: true, skip_empty_lines: true, trim: true }) as Array<Record<string, string>>;
  } catch (err) {
    throw new CallboardError('invalid', `csv: not readable CSV (${(err as Error).message})`, { field: 'csv' });
  }
  if (rows.length === 0) return [];
  for (const key of ['externalId', 'priceId', 'name'] as const) {
    if (!(mapping[key] in rows[0]!)) throw new CallboardError('invalid', `mapping.${key}: the CSV has no column "${mapping[key]}"`, { field: `mapping.${key}` });
  }
  const orders = new Map<string, ExternalOrder>();
  rows.forEach((r, i) => {
    if (mapping.performanceId && r[mapping.performanceId] && r[mapping.performanceId] !== performanceId) return;
    const id = r[mapping.externalId];
    if (!id) throw new CallboardError('invalid', `csv line ${i + 2}: ${mapping.externalId} is empty`, { field: 'csv' });
    let o = orders.get(id);
    if (!o) {
      o = {
        externalId: id,
        buyer: { name: r[mapping.name] || 'Outside buyer', email: mapping.email ? r[mapping.email] ?? '' : '', phone: mapping.phone ? r[mapping.phone] ?? '' : '' },
        tickets: [],
        ...(mapping.createdAt && r[mapping.createdAt] ? { createdAt: r[mapping.createdAt] } : {}),
      };
      orders.set(id, o);
    }
    const seat = r[mapping.seat];
    o.tickets.push({ ...(seat ? { seat } : {}), priceId: r[mapping.priceId]! });
  });
  return [...orders.values()];
}

export interface ImportResult {
  platform: string;
  imported: Array<{ externalId: string; orderId: string; seats: string[] }>;
  unchanged: Array<{ externalId: string; orderId: string }>;
  conflicts: Array<{ externalId: string; code: string; message: string }>;
}

function saleOf(performanceId: string, platform: string, o: ExternalOrder): SaleInput {
  return {
    performanceId,
    idempotencyKey: `external:${platform}:${o.externalId}`,
    tickets: o.tickets.map((t) => ({ ...(t.seat ? { seatId: t.seat } : {}), priceId: t.priceId })),
    buyer: { name: o.buyer.name, ...(o.buyer.email ? { email: o.buyer.email } : {}), ...(o.buyer.phone ? { phone: o.buyer.phone } : {}) },
    payment: { method: 'external', reference: o.reference ?? `${platform} ${o.externalId}` },
  };
}

export function importSales(deps: Deps, performanceId: string, platform: string, orders: ExternalOrder[], actor: Actor): ImportResult {
  deps.reader.requirePerf(performanceId);
  const result: ImportResult = { platform, imported: [], unchanged: [], conflicts: [] };
  const channel: Actor = { ...actor, channel: `external:${platform}` };
  for (const o of orders) {
    const input = saleOf(performanceId, platform, o);
    const opts = { source: 'external' as const, externalId: o.externalId, externalPlatform: platform, ignoreSaleWindow: true };
    let createdAt: number | undefined;
    if (o.createdAt) {
      createdAt = Date.parse(o.createdAt);
      if (Number.isNaN(createdAt)) {
        result.conflicts.push({ externalId: o.externalId, code: 'invalid', message: `createdAt "${o.createdAt}" is not a date` });
        continue;
      }
    }
    try {
      const r = sell(deps, input, channel, { ...opts, ...(createdAt !== undefined ? { createdAt } : {}) });
      if (r.created) result.imported.push({ externalId: o.externalId, orderId: r.order.id, seats: r.order.lines.map((l) => l.seat) });
      else result.unchanged.push({ externalId: o.externalId, orderId: r.order.id });
    } catch (err) {
      const e = toCallboardError(err);
      if (e.code === 'internal') throw err;
      const message = e.code === 'conflict' && e.details?.field === 'idempotencyKey' ? `order ${o.externalId} was imported before with different content` : e.message;
      result.conflicts.push({ externalId: o.externalId, code: e.code, message });
    }
  }
  return result;
}

export interface AvailabilityExport {
  format: typeof AVAILABILITY_FORMAT;
  generatedAt: string;
  performance: { id: string; productionId: string; title: string; startsAt: string; venueId: string; spaceId: string; onSaleAt: string | null; offSaleAt: string | null };
  prices: Array<{ id: string; ticketType: string; zone: string; amount: number; currencyUnit: 'cents' }>;
  seats: Array<{ id: string; area: string; row: string; number: number; zone: string; flags: string[]; available: boolean }>;
}

/** Availability and prices for an outside platform; "available" means sellable by `channel` (or by the pool when no channel). */
export function exportAvailability(deps: Deps, performanceId: string, actor: Actor, channel?: string): AvailabilityExport {
  const perf = deps.reader.requirePerf(performanceId);
  const doc = deps.store.doc<TicketsDoc>(ticketsDocId(performanceId));
  const view = performanceView(doc);
  const chart = deps.charts.get(deps.store, perf.chart_id, perf.chart_version);
  const sets = deps.reader.sets(performanceId, actor.now);
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    format: AVAILABILITY_FORMAT,
    generatedAt: new Date(actor.now).toISOString(),
    performance: { id: view.id, productionId: view.productionId, title: view.title, startsAt: new Date(view.startsAt).toISOString(), venueId: view.venueId, spaceId: view.spaceId, onSaleAt: iso(view.onSaleAt), offSaleAt: iso(view.offSaleAt) },
    prices: view.prices.map((p) => ({ id: p.id, ticketType: p.ticketType, zone: p.zone, amount: p.amount, currencyUnit: 'cents' as const })),
    seats: chart.places.map((p) => ({
      id: p.id,
      area: p.area,
      row: p.row,
      number: p.number,
      zone: p.zone,
      flags: p.ga ? ['ga'] : p.flags,
      available: statusOf(sets, p.id) === 'available' && (channel ? sets.allocated.get(p.id) === channel || (!sets.allocated.has(p.id) && perf.pool_device === actor.deviceId) : sellableHere(sets, perf, p.id, actor.deviceId)),
    })),
  };
}

export function availabilityCsv(a: AvailabilityExport): string {
  const rows: unknown[][] = [['seat', 'area', 'row', 'number', 'zone', 'flags', 'available']];
  for (const s of a.seats) rows.push([s.id, s.area, s.row, s.number, s.zone, s.flags.join('|'), s.available ? 'yes' : 'no']);
  rows.push([]);
  rows.push(['price', 'ticket_type', 'zone', 'amount']);
  for (const p of a.prices) rows.push([p.id, p.ticketType, p.zone, (p.amount / 100).toFixed(2)]);
  return stringify(rows);
}
