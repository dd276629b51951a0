import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { caller, setupHouse, type Call } from '../../fixtures/ticketing.ts';

let t: TestApp;
let call: Call;
const P = 'perf-1';

beforeEach(async () => {
  t = await createTestApp();
  call = caller(t.app, t.admin);
  await setupHouse(call);
  await call('performances.allocate', { performanceId: P, seats: ['B-5', 'B-6', 'B-7', 'B-8'], device: 'external:tixly', label: 'Tixly online' });
});
afterEach(() => t.cleanup());

interface ImportResult {
  imported: Array<{ externalId: string; orderId: string; seats: string[] }>;
  unchanged: Array<{ externalId: string }>;
  conflicts: Array<{ externalId: string; code: string; message: string }>;
}

const CSV = `Order Ref,Seat,Ticket,Customer,Email,Bought
TX-1001,B-5,adult-back,Milo Reyes,milo@example.org,2026-02-20T10:00:00Z
TX-1001,B-6,student-back,Milo Reyes,milo@example.org,2026-02-20T10:00:00Z
TX-1002,B-7,adult-back,Fern Okafor,fern@example.org,2026-02-21T09:30:00Z
TX-1003,B-1,adult-back,Eli Novak,eli@example.org,2026-02-21T11:00:00Z
`;
const mapping = { externalId: 'Order Ref', seat: 'Seat', priceId: 'Ticket', name: 'Customer', email: 'Email', createdAt: 'Bought' };

describe('outside platform interchange', () => {
  it('imports CSV sales once; re-importing changes nothing; a seat we already sold is reported as a conflict', async () => {
    await call('tickets.sell', { performanceId: P, tickets: [{ seatId: 'B-1', priceId: 'adult-back' }], buyer: { name: 'Walk up' }, payment: { method: 'cash' } });
    const first = (await call('tickets.import', { performanceId: P, platform: 'tixly', csv: CSV, mapping })) as ImportResult;
    expect(first.imported.map((i) => [i.externalId, i.seats])).toEqual([['TX-1001', ['B-5', 'B-6']], ['TX-1002', ['B-7']]]);
    expect(first.conflicts).toEqual([{ externalId: 'TX-1003', code: 'conflict', message: expect.stringContaining('B-1 is already sold') }]);
    const heads = t.app.store.info(`tickets:${P}`)!.heads;
    const again = (await call('tickets.import', { performanceId: P, platform: 'tixly', csv: CSV, mapping })) as ImportResult;
    expect(again.imported).toEqual([]);
    expect(again.unchanged.map((u) => u.externalId)).toEqual(['TX-1001', 'TX-1002']);
    expect(t.app.store.info(`tickets:${P}`)!.heads).toEqual(heads);
    const order = (await call('tickets.order', { performanceId: P, orderId: first.imported[0]!.orderId })) as { source: string; externalId: string; payment: { method: string }; createdAt: number; device: string };
    expect(order).toMatchObject({ source: 'external', externalId: 'TX-1001', payment: { method: 'external' }, device: 'external:tixly', createdAt: Date.parse('2026-02-20T10:00:00Z') });
  });

  it('imports callboard.sales/1 JSON and reports an order changed since its first import', async () => {
    const orders = [{ externalId: 'W-1', buyer: { name: 'Gus Adler' }, tickets: [{ seat: 'B-8', priceId: 'adult-back' }] }];
    await call('tickets.import', { performanceId: P, platform: 'tixly', orders });
    const changed = (await call('tickets.import', { performanceId: P, platform: 'tixly', orders: [{ ...orders[0], tickets: [{ seat: 'B-8', priceId: 'student-back' }] }] })) as ImportResult;
    expect(changed.conflicts[0]).toMatchObject({ externalId: 'W-1', code: 'conflict', message: 'order W-1 was imported before with different content' });
  });

  it('exports availability and prices for the platform', async () => {
    await call('tickets.sell', { performanceId: P, tickets: [{ seatId: 'A-1', priceId: 'adult-front' }], buyer: { name: 'x' }, payment: { method: 'cash' } });
    const json = (await call('tickets.export', { performanceId: P, channel: 'external:tixly' })) as { format: string; seats: Array<{ id: string; available: boolean }>; prices: unknown[] };
    expect(json.format).toBe('callboard.availability/1');
    expect(json.prices).toHaveLength(4);
    const avail = new Map(json.seats.map((s) => [s.id, s.available]));
    expect(avail.get('B-5')).toBe(true);
    expect(avail.get('A-1')).toBe(false);
    const { csv } = (await call('tickets.export', { performanceId: P, format: 'csv' })) as { csv: string };
    expect(csv.split('\n')[0]).toBe('seat,area,row,number,zone,flags,available');
    expect(csv).toContain('B-5,house,B,5,back,aisle,no'); // allocated to the platform, not to this replica
  });
});
