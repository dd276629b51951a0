import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { caller, setupHouse, type Call } from '../../fixtures/ticketing.ts';

/**
 * The scenario from the issue: "track ticket sales and remaining seats for multiple
 * performances" — a weekend of three performances of one production on one chart; sales,
 * holds, comps, a refund and an exchange to another night; each night's counts, the
 * production report and the dashboard agree with what was sold.
 */
let t: TestApp;
let call: Call;
const NIGHTS = ['itw-fri', 'itw-sat', 'itw-sun'];

interface Stats { performanceId: string; capacity: number; sold: number; comp: number; held: number; killed: number; available: number; revenue: number }

beforeEach(async () => {
  t = await createTestApp();
  call = caller(t.app, t.admin);
  await setupHouse(call, { performanceId: NIGHTS[0], startsAt: '2026-10-09T02:30:00Z' });
  await setupHouse(call, { performanceId: NIGHTS[1], startsAt: '2026-10-10T02:30:00Z', createChart: false });
  await setupHouse(call, { performanceId: NIGHTS[2], startsAt: '2026-10-11T02:30:00Z', createChart: false });
});
afterEach(() => t.cleanup());

const sell = (performanceId: string, seats: string[], priceId: string, method: string, extra: Record<string, unknown> = {}) =>
  call('tickets.sell', { performanceId, tickets: seats.map((seatId) => ({ seatId, priceId })), buyer: { name: `Buyer of ${seats.join(' ')}` }, payment: { method, ...extra } }) as Promise<{ order: { id: string; lines: Array<{ id: string; seat: string }> } }>;

describe('three performances of one production', () => {
  it('tracks sales and remaining seats per night, in the list, the production report and the dashboard', async () => {
    // Friday: four front seats, two students at the back; one front ticket refunded.
    const fri = await sell('itw-fri', ['A-3', 'A-4', 'A-5', 'A-6'], 'adult-front', 'cash');
    const students = await sell('itw-fri', ['B-3', 'B-4'], 'student-back', 'card');
    await call('tickets.refund', { performanceId: 'itw-fri', orderId: fri.order.id, lineIds: [fri.order.lines[3]!.id], reason: 'One fewer' });
    // Saturday: the front row sold, two back seats in a cart hold.
    await sell('itw-sat', ['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'A-6', 'A-7', 'A-8'], 'adult-front', 'card');
    await call('tickets.hold', { performanceId: 'itw-sat', seats: ['B-5', 'B-6'] });
    // Sunday: two comps; the Friday students move to Sunday (sell there, refund Friday as an exchange).
    await sell('itw-sun', ['B-7', 'B-8'], 'adult-back', 'comp');
    const moved = await sell('itw-sun', ['B-3', 'B-4'], 'student-back', 'exchange', { reference: `itw-fri ${students.order.id}` });
    await call('tickets.refund', { performanceId: 'itw-fri', orderId: students.order.id, reason: 'Moved to Sunday', exchangedTo: { performanceId: 'itw-sun', orderId: moved.order.id } });

    const list = (await call('performances.list', { productionId: 'into-the-woods' })) as Stats[];
    expect(list.map((p) => p.performanceId)).toEqual(NIGHTS);
    const by = new Map(list.map((p) => [p.performanceId, p]));
    expect(by.get('itw-fri')).toMatchObject({ sold: 3, comp: 0, held: 0 });
    expect(by.get('itw-sat')).toMatchObject({ sold: 8, comp: 0, held: 2 });
    expect(by.get('itw-sun')).toMatchObject({ sold: 2, comp: 2, held: 0 });
    for (const p of list) expect(p.sold + p.comp + p.held + p.killed + p.available).toBe(p.capacity);
    // The seat maps agree: Friday's refunded and exchanged seats are free again, Sunday's are sold.
    const friMap = (await call('performances.seatMap', { performanceId: 'itw-fri' })) as { statuses: Record<string, string> };
    expect(['A-6', 'B-3', 'B-4'].map((s) => friMap.statuses[s] ?? 'available')).toEqual(['available', 'available', 'available']);
    const sunMap = (await call('performances.seatMap', { performanceId: 'itw-sun' })) as { statuses: Record<string, string> };
    expect(['B-3', 'B-4', 'B-7', 'B-8'].map((s) => sunMap.statuses[s])).toEqual(['sold', 'sold', 'sold', 'sold']);

    const report = (await call('tickets.report', { productionId: 'into-the-woods' })) as { performances: Stats[]; totals: { sold: number; comp: number; held: number; capacity: number; revenue: number } };
    expect(report.totals).toMatchObject({ sold: 3 + 8 + 2, comp: 2, held: 2, capacity: 3 * list[0]!.capacity });
    expect(report.performances.map((p) => [p.performanceId, p.sold, p.available])).toEqual(list.map((p) => [p.performanceId, p.sold, p.available]));
    expect(report.totals.revenue).toBe(3 * 3000 + 8 * 3000 + 2 * 1200);

    // A week before opening the dashboard shows the three nights; Saturday's cart hold has expired by then.
    t.clock.set(Date.parse('2026-10-01T12:00:00Z'));
    const dash = (await call('tickets.dashboard', { days: 30 })) as { performances: Stats[] };
    expect(dash.performances.map((p) => [p.performanceId, p.sold, p.held, p.available])).toEqual(
      list.map((p) => [p.performanceId, p.sold, 0, p.available + p.held]),
    );
  });
});
