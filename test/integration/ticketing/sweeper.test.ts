import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../../../core/daemon/server.ts';
import { SWEEPER_USER } from '../../../core/ticketing/service.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { caller, setupHouse, type Call } from '../../fixtures/ticketing.ts';

/**
 * The daemon expires holds and waiting-list offers on a timer, judged by the app's clock:
 * an offer nobody answers passes to the next patron without anyone calling tickets.sweep.
 */
let t: TestApp;
let call: Call;
let server: RunningServer | undefined;
const P = 'perf-1';
const ALL = 'ABC'.split('').flatMap((r) => Array.from({ length: 8 }, (_, i) => `${r}-${i + 1}`));

interface Entry {
  name: string;
  status: string;
  offer: { seats: string[] } | null;
}
const entries = async () => (await call('tickets.waitlist.list', { performanceId: P })) as Entry[];

beforeEach(async () => {
  t = await createTestApp();
  call = caller(t.app, t.admin);
  await setupHouse(call);
  await call('performances.update', { performanceId: P, offerMinutes: 30 });
  await call('performances.kill', { performanceId: P, seats: ['C-7', 'C-8'], kind: 'house', reason: 'House seats' });
  const rest = ALL.filter((s) => s !== 'C-7' && s !== 'C-8');
  await call('tickets.sell', { performanceId: P, tickets: rest.map((seatId) => ({ seatId, priceId: seatId.startsWith('A') ? 'adult-front' : 'adult-back' })), buyer: { name: 'Sold out' }, payment: { method: 'card' } });
  await call('tickets.waitlist.join', { performanceId: P, name: 'First Patron', email: 'first@example.org', count: 2 });
  t.clock.advance(1000);
  await call('tickets.waitlist.join', { performanceId: P, name: 'Second Patron', email: 'second@example.org', count: 2 });
  await call('performances.release', { performanceId: P, seats: ['C-7', 'C-8'] });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  t.cleanup();
});

describe('timed sweep of holds and offers', () => {
  it('sweepExpired does nothing before the expiry and passes an expired offer on after it', async () => {
    expect((await entries()).map((e) => e.status)).toEqual(['offered', 'waiting']);
    const bo = t.app.services.boxOffice;
    t.clock.advance(29 * 60_000);
    expect(bo.sweepExpired(t.clock.now())).toEqual([]);
    t.clock.advance(60_000);
    expect(bo.sweepExpired(t.clock.now())).toEqual([P]);
    const after = await entries();
    expect(after.map((e) => e.status)).toEqual(['expired', 'offered']);
    expect(after[1]!.offer!.seats.sort()).toEqual(['C-7', 'C-8']);
    const holds = t.app.store.db.prepare('SELECT DISTINCT by_user FROM ticket_holds WHERE perf_id = ?').all(P) as Array<{ by_user: string }>;
    expect(holds.map((h) => h.by_user)).toEqual([SWEEPER_USER]);
  });

  it('the daemon runs it on its own: an expired offer passes on with no call', async () => {
    server = await startServer({ app: t.app, host: '127.0.0.1', port: 0, localSecret: 'local-secret-for-tests', log: () => undefined, sweepIntervalMs: 10 });
    const held = t.app.store.db.prepare('SELECT COUNT(*) AS n FROM ticket_holds WHERE perf_id = ?');
    expect((held.get(P) as { n: number }).n).toBe(2); // the first patron's offer
    t.clock.advance(31 * 60_000);
    await vi.waitFor(async () => expect((await entries()).map((e) => e.status)).toEqual(['expired', 'offered']), { timeout: 5000 });
  });

  it('a daemon started with the sweep off leaves expired offers until someone asks', async () => {
    server = await startServer({ app: t.app, host: '127.0.0.1', port: 0, localSecret: 'local-secret-for-tests', log: () => undefined, sweepIntervalMs: 0 });
    t.clock.advance(31 * 60_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await entries()).map((e) => e.status)).toEqual(['offered', 'waiting']);
    await call('tickets.sweep', { performanceId: P });
    expect((await entries()).map((e) => e.status)).toEqual(['expired', 'offered']);
  });
});
