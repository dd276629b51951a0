import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallboardError } from '../../../core/errors.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { buyer, caller, setupHouse, type Call } from '../../fixtures/ticketing.ts';

let t: TestApp;
let call: Call;

beforeEach(async () => {
  t = await createTestApp();
  call = caller(t.app, t.admin);
});
afterEach(() => t.cleanup());

async function fails(p: Promise<unknown>): Promise<CallboardError> {
  try {
    await p;
  } catch (err) {
    return err as CallboardError;
  }
  throw new Error('expected the call to fail');
}

interface Sale {
  order: { id: string; total: number; lines: Array<{ id: string; seat: string; status: string; amount: number }>; refunded: number };
  created: boolean;
}
interface SeatMap {
  statuses: Record<string, string>;
  counts: { available: number; sold: number; held: number; killed: number; capacity: number };
}

const seatMap = async (perf = 'perf-1') => (await call('performances.seatMap', { performanceId: perf })) as SeatMap;
const sell = (input: Record<string, unknown>) => call('tickets.sell', { performanceId: 'perf-1', buyer: buyer(), payment: { method: 'cash' }, ...input }) as Promise<Sale>;

describe('charts', () => {
  it('generates a chart, pins a performance to its version, and keeps it when a new version is published', async () => {
    await setupHouse(call);
    const published = (await call('charts.publish', {
      venueId: 'riverside',
      chartId: 'small',
      note: 'Row D added',
      generate: { zones: [{ id: 'front', name: 'Front', color: '#7b2d8e' }, { id: 'back', name: 'Back', color: '#1f6fb2' }], sections: [{ area: 'house', name: 'House', rows: 4, seatsPerRow: 8, zone: 'back' }] },
    })) as { latest: number; versions: Array<{ places: number }> };
    expect(published.latest).toBe(2);
    expect(published.versions.map((v) => v.places)).toEqual([24, 32]);
    const perf = (await call('performances.get', { performanceId: 'perf-1' })) as { chartVersion: number };
    expect(perf.chartVersion).toBe(1);
    expect((await seatMap()).counts.capacity).toBe(24);
  });

  it('refuses a chart for a venue id that does not own it and a bad layout, naming the field', async () => {
    await setupHouse(call);
    expect((await fails(call('charts.get', { venueId: 'elsewhere', chartId: 'small' }))).code).toBe('not_found');
    const bad = await fails(call('charts.create', { venueId: 'riverside', spaceId: 'x', chartId: 'bad', name: 'Bad', generate: { zones: [{ id: 'a', name: 'A', color: '#000000' }], sections: [{ area: 'h', name: 'H', rows: 1, seatsPerRow: 2, zone: 'nope' }] } }));
    expect(bad.code).toBe('invalid');
    expect(bad.message).toContain('zone');
    expect(t.app.store.has('chart:bad')).toBe(false);
  });
});

describe('holds and sales', () => {
  beforeEach(async () => {
    await setupHouse(call, { holdMinutes: 10 });
  });

  it('holds seats for ten minutes, then lets them go through the injected clock', async () => {
    const h = (await call('tickets.hold', { performanceId: 'perf-1', seats: ['A-1', 'A-2'] })) as { holdId: string; expiresAt: number };
    expect(h.expiresAt - t.clock.now()).toBe(10 * 60_000);
    expect((await seatMap()).statuses['A-1']).toBe('held');
    const other = await fails(call('tickets.hold', { performanceId: 'perf-1', seats: ['A-2', 'A-3'] }));
    expect(other.code).toBe('conflict');
    expect(other.message).toContain('A-2 is held by another sale');
    t.clock.advance(10 * 60_000);
    expect((await seatMap()).statuses['A-1']).toBeUndefined();
    const late = await fails(sell({ holdId: h.holdId, tickets: [{ priceId: 'adult-front' }, { priceId: 'adult-front' }] }));
    expect(late.code).toBe('conflict');
    expect(late.message).toContain('expired');
    const again = (await call('tickets.hold', { performanceId: 'perf-1', seats: ['A-2', 'A-3'] })) as { seats: string[] };
    expect(again.seats).toEqual(['A-2', 'A-3']);
    expect(t.app.store.doc<{ holds: Record<string, unknown> }>('tickets:perf-1').holds[h.holdId]).toBeUndefined();
  });

  it('turns a hold into an order, priced from the list, and frees nothing else', async () => {
    const h = (await call('tickets.hold', { performanceId: 'perf-1', seats: ['A-3', 'A-4'] })) as { holdId: string };
    const sale = await sell({ holdId: h.holdId, tickets: [{ priceId: 'adult-front' }, { priceId: 'senior-front' }], payment: { method: 'card', reference: 'terminal 4411' } });
    expect(sale.created).toBe(true);
    expect(sale.order.lines.map((l) => [l.seat, l.amount])).toEqual([['A-3', 3000], ['A-4', 2500]]);
    expect(sale.order.total).toBe(5500);
    const map = await seatMap();
    expect(map.statuses['A-3']).toBe('sold');
    expect(map.counts).toMatchObject({ sold: 2, held: 0 });
  });

  it('is idempotent by key: same content returns the same order, different content is a conflict', async () => {
    const input = { idempotencyKey: 'kiosk-0001', tickets: [{ seatId: 'B-1', priceId: 'adult-back' }], buyer: { name: 'Lena Novak', email: 'lena@example.org' } };
    const first = await sell(input);
    const again = await sell(input);
    expect(again.created).toBe(false);
    expect(again.order.id).toBe(first.order.id);
    const other = await fails(sell({ ...input, tickets: [{ seatId: 'B-2', priceId: 'adult-back' }] }));
    expect(other.code).toBe('conflict');
    expect(other.details?.field).toBe('idempotencyKey');
    expect((await seatMap()).counts.sold).toBe(1);
  });

  it.each([
    ['a sold seat', { tickets: [{ seatId: 'B-1', priceId: 'adult-back' }] }, 'conflict', 'already sold'],
    ['a killed seat', { tickets: [{ seatId: 'C-8', priceId: 'adult-back' }] }, 'conflict', 'not for sale'],
    ['a nonexistent seat', { tickets: [{ seatId: 'Z-99', priceId: 'adult-back' }] }, 'not_found', 'no seat "Z-99"'],
    ['a price not in the list', { tickets: [{ seatId: 'B-5', priceId: 'vip' }] }, 'invalid', 'not in this performance'],
    ['a price of another zone', { tickets: [{ seatId: 'B-5', priceId: 'adult-front' }] }, 'invalid', 'is for zone front'],
  ])('refuses %s with a clear error and changes nothing', async (_what, input, code, text) => {
    await sell({ tickets: [{ seatId: 'B-1', priceId: 'adult-back' }] });
    await call('performances.kill', { performanceId: 'perf-1', seats: ['C-8'], kind: 'sound-desk', reason: 'Sound desk' });
    const before = t.app.store.info('tickets:perf-1')!.heads;
    const err = await fails(sell(input));
    expect(err.code).toBe(code);
    expect(err.message).toContain(text);
    expect(t.app.store.info('tickets:perf-1')!.heads).toEqual(before);
  });

  it('refuses sales before the on-sale time and after off-sale, through the clock', async () => {
    await setupHouse(call, { performanceId: 'perf-2', createChart: false, onSaleAt: '2026-03-05T17:00:00Z', startsAt: '2026-03-10T02:00:00Z' });
    const early = await fails(call('tickets.sell', { performanceId: 'perf-2', tickets: [{ seatId: 'B-1', priceId: 'adult-back' }], buyer: buyer(), payment: { method: 'cash' } }));
    expect(early.code).toBe('invalid');
    expect(early.message).toContain('not on sale until 2026-03-05T17:00:00.000Z');
    t.clock.set('2026-03-05T17:00:00Z');
    await call('tickets.sell', { performanceId: 'perf-2', tickets: [{ seatId: 'B-1', priceId: 'adult-back' }], buyer: buyer(), payment: { method: 'cash' } });
    t.clock.set('2026-03-10T02:00:00Z');
    const late = await fails(call('tickets.sell', { performanceId: 'perf-2', tickets: [{ seatId: 'B-2', priceId: 'adult-back' }], buyer: buyer(), payment: { method: 'cash' } }));
    expect(late.message).toContain('closed');
  });

  it('refunds once; a second refund is a conflict; the seat is for sale again', async () => {
    const sale = await sell({ tickets: [{ seatId: 'B-3', priceId: 'adult-back' }, { seatId: 'B-4', priceId: 'student-back' }] });
    const r = (await call('tickets.refund', { performanceId: 'perf-1', orderId: sale.order.id, lineIds: ['l2'], reason: 'Could not come' })) as { refunded: number; freed: string[] };
    expect(r).toMatchObject({ refunded: 1200, freed: ['B-4'] });
    const twice = await fails(call('tickets.refund', { performanceId: 'perf-1', orderId: sale.order.id, lineIds: ['l2'], reason: 'again' }));
    expect(twice.code).toBe('conflict');
    expect(twice.message).toContain('already refunded');
    await sell({ tickets: [{ seatId: 'B-4', priceId: 'adult-back' }] });
    await call('tickets.refund', { performanceId: 'perf-1', orderId: sale.order.id, reason: 'rest' });
    expect((await fails(call('tickets.refund', { performanceId: 'perf-1', orderId: sale.order.id, reason: 'third' }))).code).toBe('conflict');
  });

  it('exchanges seats in one step and records the price difference', async () => {
    const sale = await sell({ tickets: [{ seatId: 'B-5', priceId: 'adult-back' }] });
    const r = (await call('tickets.exchange', { performanceId: 'perf-1', orderId: sale.order.id, lineIds: ['l1'], to: [{ seatId: 'A-5', priceId: 'adult-front' }], reason: 'Upgrade' })) as Sale & { difference: number };
    expect(r.difference).toBe(1000);
    expect(r.order.lines.map((l) => [l.seat, l.status])).toEqual([['B-5', 'exchanged'], ['A-5', 'sold']]);
    const map = await seatMap();
    expect(map.statuses['B-5']).toBeUndefined();
    expect(map.statuses['A-5']).toBe('sold');
  });

  it('records comps at no charge', async () => {
    const sale = await sell({ tickets: [{ seatId: 'A-6', priceId: 'adult-front' }], payment: { method: 'comp', reference: 'cast comp: Dev Okafor' } });
    expect(sale.order.total).toBe(0);
    const report = (await call('tickets.report', { performanceId: 'perf-1' })) as { totals: { comp: number; sold: number; revenue: number } };
    expect(report.totals).toMatchObject({ comp: 1, sold: 0, revenue: 0 });
  });

  it('says sold_out with the waiting list open when nothing is left', async () => {
    const all = 'ABC'.split('').flatMap((r) => Array.from({ length: 8 }, (_, i) => `${r}-${i + 1}`));
    await call('performances.kill', { performanceId: 'perf-1', seats: all.slice(1), kind: 'company', reason: 'Company block' });
    await sell({ tickets: [{ seatId: 'A-1', priceId: 'adult-front' }] });
    const err = await fails(sell({ tickets: [{ seatId: 'A-1', priceId: 'adult-front' }] }));
    expect(err.code).toBe('sold_out');
    expect(err.details).toMatchObject({ waitingList: 'open' });
  });

  it('sells best available seats for seatless tickets', async () => {
    const sale = await sell({ tickets: [{ priceId: 'adult-back' }, { priceId: 'adult-back' }] });
    // Front of the back zone, beside the centre aisle, no single seat left over.
    expect(sale.order.lines.map((l) => l.seat)).toEqual(['B-3', 'B-4']);
  });

  it('forbids a user without a grant and records nothing', async () => {
    const user = (await call('users.create', { name: 'Walk In', email: 'walkin@example.org' })) as { id: string };
    const as = caller(t.app, t.app.localPrincipal(user.id));
    const err = await fails(as('tickets.sell', { performanceId: 'perf-1', tickets: [{ seatId: 'A-1', priceId: 'adult-front' }], buyer: buyer(), payment: { method: 'cash' } }));
    expect(err.code).toBe('forbidden');
    expect((await seatMap()).counts.sold).toBe(0);
  });
});
