import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedTicketsDemo } from '../../../core/daemon/demo/tickets.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { caller, type Call } from '../../fixtures/ticketing.ts';

let t: TestApp;
let call: Call;
beforeEach(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-27T12:00:00Z'); // the demo is made for a day between the two runs
  call = caller(t.app, t.admin);
});
afterEach(() => t.cleanup());

describe('box office demo', () => {
  it('seeds charts, performances, sales, a sold-out night with a waiting list, allocations and an import, all through the API', async () => {
    await seedTicketsDemo(t.app, t.admin);
    const charts = (await call('charts.list', {})) as Array<{ id: string; versions: Array<{ places: number }> }>;
    expect(charts.map((c) => [c.id, c.versions[0]!.places])).toEqual([['playhouse-main', 220], ['playhouse-studio', 60]]);
    const itw = (await call('performances.list', { productionId: 'into-the-woods-2026-27' })) as Array<{ performanceId: string; sold: number; comp: number; available: number; waiting: number }>;
    expect(itw).toHaveLength(9);
    const closing = itw.at(-1)!;
    expect(closing).toMatchObject({ available: 0, waiting: 7 });
    expect(itw[0]!.comp).toBe(6);
    const err = (await call('tickets.sell', { performanceId: closing.performanceId, tickets: [{ priceId: 'adult-premium' }], buyer: { name: 'Late' }, payment: { method: 'cash' } }).catch((e: unknown) => e)) as { code: string };
    expect(err.code).toBe('sold_out');
    const acc = (await call('performances.list', { productionId: 'a-christmas-carol-2026-27' })) as Array<{ performanceId: string; sold: number }>;
    expect(acc).toHaveLength(10);
    const first = (await call('performances.get', { performanceId: acc[0]!.performanceId })) as { allocations: Array<{ label: string; seats: string[] }> };
    expect(first.allocations.map((a) => a.label).sort()).toEqual(['Lobby table laptop', 'Tixly (online)']);
    const report = (await call('tickets.report', { productionId: 'into-the-woods-2026-27' })) as { totals: { refunded: number }; byPayment: Array<{ method: string }> };
    expect(report.totals.refunded).toBeGreaterThan(0);
    expect(report.byPayment.map((p) => p.method)).toEqual(['card', 'cash', 'comp']);
  }, 120_000);
});
