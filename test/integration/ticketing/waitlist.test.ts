import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { caller, setupHouse, type Call } from '../../fixtures/ticketing.ts';

let t: TestApp;
let call: Call;
const P = 'perf-1';
const ALL = 'ABC'.split('').flatMap((r) => Array.from({ length: 8 }, (_, i) => `${r}-${i + 1}`));

interface Entry {
  id: string;
  name: string;
  status: string;
  offer: { holdId: string; seats: string[]; expiresAt: number } | null;
}
const list = async () => (await call('tickets.waitlist.list', { performanceId: P })) as Entry[];
const byName = async (name: string) => (await list()).find((e) => e.name === name)!;

beforeEach(async () => {
  t = await createTestApp();
  call = caller(t.app, t.admin);
  await setupHouse(call);
  await call('performances.update', { performanceId: P, offerMinutes: 60 });
  // Sell the house out: the back rows to one family, the front row to another.
  await call('performances.kill', { performanceId: P, seats: ['C-7', 'C-8'], kind: 'house', reason: 'House seats' });
  const back = ALL.filter((s) => !s.startsWith('A') && s !== 'C-7' && s !== 'C-8');
  await call('tickets.sell', { performanceId: P, tickets: back.map((seatId) => ({ seatId, priceId: 'adult-back' })), buyer: { name: 'School group' }, payment: { method: 'card' } });
  await call('tickets.sell', { performanceId: P, tickets: ALL.filter((s) => s.startsWith('A')).map((seatId) => ({ seatId, priceId: 'adult-front' })), buyer: { name: 'Rotary club' }, payment: { method: 'cash' } });
});
afterEach(() => t.cleanup());

describe('waiting list', () => {
  it('refuses to queue someone the house can seat now', async () => {
    await call('performances.release', { performanceId: P, seats: ['C-7', 'C-8'] });
    const err = (await call('tickets.waitlist.join', { performanceId: P, name: 'Early', email: 'e@example.org', count: 1 }).catch((e: unknown) => e)) as { code: string };
    expect(err.code).toBe('invalid');
  });

  it('offers freed seats to the first matching entry; declined and expired offers pass on down the list', async () => {
    await call('tickets.waitlist.join', { performanceId: P, name: 'Hana Tanaka', email: 'hana@example.org', count: 2 });
    t.clock.advance(1000);
    await call('tickets.waitlist.join', { performanceId: P, name: 'Otto Moreau', email: 'otto@example.org', count: 2 });
    t.clock.advance(1000);
    await call('tickets.waitlist.join', { performanceId: P, name: 'Pia Haddad', phone: '+1-555-0101', count: 4 });
    expect((await list()).map((e) => e.status)).toEqual(['waiting', 'waiting', 'waiting']);

    // Two house seats come back: Hana (first, wants 2) gets them; Pia (wants 4) cannot be seated.
    // (C-1 is a wheelchair space: only entries asking for accessible seating are offered it.)
    await call('performances.release', { performanceId: P, seats: ['C-7', 'C-8'] });
    const hana = await byName('Hana Tanaka');
    expect(hana.status).toBe('offered');
    expect(hana.offer!.seats.sort()).toEqual(['C-7', 'C-8']);
    expect(hana.offer!.expiresAt - t.clock.now()).toBe(60 * 60_000);
    const map = (await call('performances.seatMap', { performanceId: P })) as { statuses: Record<string, string> };
    expect(map.statuses['C-7']).toBe('held');

    // A walk-up cannot take offered seats.
    const walkUp = (await call('tickets.sell', { performanceId: P, tickets: [{ seatId: 'C-7', priceId: 'adult-back' }], buyer: { name: 'Walk up' }, payment: { method: 'cash' } }).catch((e: unknown) => e)) as { code: string };
    expect(walkUp.code).toBe('sold_out');

    // Hana declines: Otto is next.
    await call('tickets.waitlist.decline', { performanceId: P, entryId: hana.id });
    expect((await byName('Hana Tanaka')).status).toBe('declined');
    const otto = await byName('Otto Moreau');
    expect(otto.status).toBe('offered');

    // Otto lets the offer lapse: at the next sweep it expires and passes on; nobody else fits 2 seats except Pia (4): no offer.
    t.clock.advance(60 * 60_000);
    await call('tickets.sweep', { performanceId: P });
    expect((await byName('Otto Moreau')).status).toBe('expired');
    expect((await byName('Pia Haddad')).status).toBe('waiting');

    // A refund of two more seats beside them lets Pia be seated with 4 together.
    const orders = (await call('tickets.orders', { performanceId: P, search: 'school' })) as Array<{ id: string; lines: Array<{ id: string; seat: string }> }>;
    const c56 = orders[0]!.lines.filter((l) => l.seat === 'C-5' || l.seat === 'C-6').map((l) => l.id);
    await call('tickets.refund', { performanceId: P, orderId: orders[0]!.id, lineIds: c56, reason: 'Two students ill' });
    const pia = await byName('Pia Haddad');
    expect(pia.status).toBe('offered');
    expect(pia.offer!.seats.sort()).toEqual(['C-5', 'C-6', 'C-7', 'C-8']);

    // Pia accepts by buying the offered hold.
    const sale = (await call('tickets.sell', { performanceId: P, holdId: pia.offer!.holdId, tickets: Array.from({ length: 4 }, () => ({ priceId: 'adult-back' })), buyer: { name: 'Pia Haddad' }, payment: { method: 'card' } })) as { order: { lines: Array<{ seat: string }> } };
    expect(sale.order.lines.map((l) => l.seat).sort()).toEqual(['C-5', 'C-6', 'C-7', 'C-8']);
    expect((await byName('Pia Haddad')).status).toBe('accepted');
  });

  it('expires an offer lazily: after its time the seats are free at the next read', async () => {
    await call('tickets.waitlist.join', { performanceId: P, name: 'Nia Kowalski', email: 'nia@example.org', count: 1 });
    await call('performances.release', { performanceId: P, seats: ['C-8'] });
    expect((await byName('Nia Kowalski')).status).toBe('offered');
    t.clock.advance(60 * 60_000);
    const map = (await call('performances.seatMap', { performanceId: P })) as { statuses: Record<string, string> };
    expect(map.statuses['C-8']).toBeUndefined();
  });
});
