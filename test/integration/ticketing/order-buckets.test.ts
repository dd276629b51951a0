import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateLayout } from '../../../core/ticketing/chart.ts';
import { ORDERS_DOC_TYPE, ORDERS_PER_BUCKET, type OrdersDoc, type TicketsDoc } from '../../../core/ticketing/model.ts';
import { TICKETING_TABLES } from '../../../core/ticketing/projection.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { caller, type Call } from '../../fixtures/ticketing.ts';

/**
 * Orders live in bucket documents of at most ORDERS_PER_BUCKET orders, so the seat-state
 * document a sale checks stays small however many orders a house takes.
 */
let t: TestApp;
let call: Call;
const P = 'big-night';
const HALL = { zones: [{ id: 'std', name: 'Standard', color: '#1f6fb2' }], sections: [{ area: 'hall', name: 'Hall', rows: 12, seatsPerRow: 20, zone: 'std' }] };
const seats = generateLayout(HALL as Parameters<typeof generateLayout>[0]).seats.map((s) => s.id);

beforeEach(async () => {
  t = await createTestApp();
  call = caller(t.app, t.admin);
  await call('charts.create', { venueId: 'riverside', spaceId: 'hall', chartId: 'hall', name: 'Hall', generate: HALL });
  await call('performances.create', { performanceId: P, productionId: 'into-the-woods', title: 'Big night', venueId: 'riverside', spaceId: 'hall', chartId: 'hall', startsAt: '2026-12-02T02:30:00Z', prices: [{ id: 'adult', ticketType: 'adult', zone: 'std', amount: 2500 }] });
});
afterEach(() => t.cleanup());

const sale = (seat: string, i: number) => ({ idempotencyKey: `slip-${String(i).padStart(4, '0')}`, tickets: [{ seatId: seat, priceId: 'adult' }], buyer: { name: `Door ${i}` }, payment: { method: 'cash' as const } });

describe('order buckets', () => {
  it('fills a bucket, opens the next, refunds across buckets, and a rebuild equals the incremental tables', async () => {
    const n = ORDERS_PER_BUCKET + 5;
    await call('tickets.sellBatch', { performanceId: P, sales: seats.slice(0, 200).map(sale) });
    await call('tickets.sellBatch', { performanceId: P, sales: seats.slice(200, n).map((s, i) => sale(s, 200 + i)) });
    const buckets = t.app.store.list({ scope: `boxoffice:${P}` }).filter((d) => d.type === ORDERS_DOC_TYPE);
    const sizes = buckets.map((b) => Object.keys(t.app.store.doc<OrdersDoc>(b.id).orders).length).sort((a, b) => b - a);
    expect(sizes).toEqual([ORDERS_PER_BUCKET, n - ORDERS_PER_BUCKET]);
    expect(t.app.store.doc<TicketsDoc>(`tickets:${P}`).orders).toBeUndefined(); // the seat-state document holds no orders

    // A refund of an order in the first bucket and an exchange in the second.
    const orders = (await call('tickets.orders', { performanceId: P, limit: 500 })) as Array<{ id: string; lines: Array<{ id: string; seat: string }>; buyer: { name: string } }>;
    expect(orders).toHaveLength(n);
    const first = orders.find((o) => o.buyer.name === 'Door 0')!;
    const last = orders.find((o) => o.buyer.name === `Door ${n - 1}`)!;
    await call('tickets.refund', { performanceId: P, orderId: first.id, reason: 'Changed plans' });
    await call('tickets.exchange', { performanceId: P, orderId: last.id, lineIds: [last.lines[0]!.id], to: [{ seatId: seats[230]! }], reason: 'Closer to the aisle' });
    const map = (await call('performances.seatMap', { performanceId: P })) as { statuses: Record<string, string>; counts: { sold: number } };
    expect(map.statuses[seats[0]!]).toBeUndefined();
    expect(map.statuses[seats[230]!]).toBe('sold');
    expect(map.counts.sold).toBe(n - 1);
    // Idempotent retry finds the order in its bucket.
    const again = (await call('tickets.sell', { performanceId: P, ...sale(seats[3]!, 3) })) as { created: boolean; order: { buyer: { name: string } } };
    expect(again).toMatchObject({ created: false, order: { buyer: { name: 'Door 3' } } });
    expect(await call('tickets.doubleSales', { performanceId: P })).toEqual([]);

    const rows = () => Object.fromEntries(TICKETING_TABLES.map((table) => [table, t.app.store.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all()]));
    const incremental = rows();
    t.app.store.reindex();
    expect(rows()).toEqual(incremental);
  });
});
