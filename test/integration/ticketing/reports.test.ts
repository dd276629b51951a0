import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { TICKETING_TABLES } from '../../../core/ticketing/projection.ts';
import { activeLines, allLines } from '../../../core/ticketing/model.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { caller, setupHouse, type Call } from '../../fixtures/ticketing.ts';

const apps: TestApp[] = [];
afterEach(() => {
  while (apps.length) apps.pop()!.cleanup();
});

const SEATS = 'ABC'.split('').flatMap((r) => Array.from({ length: 8 }, (_, i) => `${r}-${i + 1}`));
const priceFor = (seat: string, senior: boolean) => (seat.startsWith('A') ? (senior ? 'senior-front' : 'adult-front') : senior ? 'student-back' : 'adult-back');

type Op =
  | { t: 'sell'; perf: number; seats: number[]; method: 'cash' | 'card' | 'comp' | 'external'; senior: boolean }
  | { t: 'refund'; perf: number; pick: number }
  | { t: 'exchange'; perf: number; pick: number; to: number }
  | { t: 'hold'; perf: number; seat: number }
  | { t: 'time'; minutes: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('sell' as const), perf: fc.integer({ min: 0, max: 1 }), seats: fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 4 }), method: fc.constantFrom('cash' as const, 'card' as const, 'comp' as const, 'external' as const), senior: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('refund' as const), perf: fc.integer({ min: 0, max: 1 }), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('exchange' as const), perf: fc.integer({ min: 0, max: 1 }), pick: fc.nat(), to: fc.integer({ min: 0, max: 23 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('hold' as const), perf: fc.integer({ min: 0, max: 1 }), seat: fc.integer({ min: 0, max: 23 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('time' as const), minutes: fc.integer({ min: 1, max: 30 }) }) },
);

async function run(call: Call, t: TestApp, ops: Op[]): Promise<void> {
  const perfs = ['perf-1', 'perf-2'];
  for (const o of ops) {
    try {
      if (o.t === 'time') t.clock.advance(o.minutes * 60_000);
      else if (o.t === 'sell') {
        await call('tickets.sell', { performanceId: perfs[o.perf], tickets: o.seats.map((i) => ({ seatId: SEATS[i], priceId: priceFor(SEATS[i]!, o.senior) })), buyer: { name: 'Prop Buyer' }, payment: { method: o.method } });
      } else if (o.t === 'hold') {
        await call('tickets.hold', { performanceId: perfs[o.perf], seats: [SEATS[o.seat]] });
      } else {
        const all = t.app.services.boxOffice.orders(perfs[o.perf]!).sort((a, b) => (a.id < b.id ? -1 : 1));
        if (!all.length) continue;
        const order = all[o.pick % all.length]!;
        const orderId = order.id;
        const live = activeLines(order);
        if (o.t === 'refund') await call('tickets.refund', { performanceId: perfs[o.perf], orderId, reason: 'prop' });
        else if (live.length) await call('tickets.exchange', { performanceId: perfs[o.perf], orderId, lineIds: [live[0]!.id], to: [{ seatId: SEATS[o.to], priceId: priceFor(SEATS[o.to]!, false) }], reason: 'prop' });
      }
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (!['conflict', 'sold_out', 'invalid'].includes(code ?? '')) throw err;
    }
  }
}

function rows(t: TestApp): Record<string, unknown[]> {
  return Object.fromEntries(TICKETING_TABLES.map((table) => [table, t.app.store.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all()]));
}

describe('reports and projections (property)', () => {
  it('report totals equal the sum of the orders in the documents, and a rebuild equals the incremental projection', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const t = await createTestApp();
        apps.push(t);
        const call = caller(t.app, t.admin);
        await setupHouse(call, { performanceId: 'perf-1' });
        await setupHouse(call, { performanceId: 'perf-2', createChart: false });
        await run(call, t, ops);

        // Sum straight from the documents.
        let sold = 0;
        let comp = 0;
        let revenue = 0;
        const byPayment = new Map<string, number>();
        for (const perf of ['perf-1', 'perf-2']) {
          for (const o of t.app.services.boxOffice.orders(perf)) {
            const method = String(o.payment.method);
            for (const l of allLines(o).filter((x) => x.status === 'sold')) {
              if (method === 'comp') comp++;
              else sold++;
              revenue += l.amount;
              byPayment.set(method, (byPayment.get(method) ?? 0) + l.amount);
            }
          }
        }
        const report = (await call('tickets.report', { productionId: 'into-the-woods' })) as {
          totals: { sold: number; comp: number; revenue: number; capacity: number };
          byPayment: Array<{ method: string; amount: number }>;
          byZone: Array<{ revenue: number }>;
        };
        expect(report.totals).toMatchObject({ sold, comp, revenue, capacity: 48 });
        expect(Object.fromEntries(report.byPayment.map((p) => [p.method, p.amount]))).toEqual(Object.fromEntries(byPayment));
        expect(report.byZone.reduce((n, z) => n + z.revenue, 0)).toBe(revenue);

        const incremental = rows(t);
        t.app.store.reindex({ names: ['ticketing'] });
        expect(rows(t)).toEqual(incremental);
        t.cleanup();
        apps.pop();
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});

describe('report CSV', () => {
  it('exports the report with a header row per table', async () => {
    const t = await createTestApp();
    apps.push(t);
    const call = caller(t.app, t.admin);
    await setupHouse(call);
    await call('tickets.sell', { performanceId: 'perf-1', tickets: [{ seatId: 'A-1', priceId: 'adult-front' }], buyer: { name: 'Kofi Adler' }, payment: { method: 'card' } });
    const { csv } = (await call('tickets.reportCsv', { performanceId: 'perf-1' })) as { csv: string };
    expect(csv.split('\n')[0]).toBe('performance,title,starts_at,capacity,sold,comp,held,killed,available,capacity_percent,revenue,waiting');
    expect(csv).toContain('perf-1,Into the Woods,2026-10-02T02:30:00.000Z,24,1,0,0,0,23,4.2,30.00,0');
    expect(csv).toContain('card,1,1,30.00');
  });
});
