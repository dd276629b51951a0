import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../core/daemon/server.ts';
import { activeLines } from '../../../core/ticketing/model.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { caller, setupHouse } from '../../fixtures/ticketing.ts';

let t: TestApp;
let server: RunningServer;
let token: string;

beforeEach(async () => {
  t = await createTestApp();
  token = t.app.services.tokens.create(t.adminId, 'buyers').token;
  server = await startServer({ app: t.app, host: '127.0.0.1', port: 0, localSecret: 'local-secret-for-tests', log: () => undefined });
  await setupHouse(caller(t.app, t.admin));
});
afterEach(async () => {
  await server.close();
  t.cleanup();
});

async function post(procedure: string, input: unknown): Promise<{ status: number; body: { result?: unknown; error?: { code: string; message: string } } }> {
  const res = await fetch(`${server.url}api/${procedure}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  return { status: res.status, body: (await res.json()) as { result?: unknown; error?: { code: string; message: string } } };
}

// The 20 contested seats: rows B and C minus the wheelchair/companion pair and two more.
const CONTESTED = ['B', 'C'].flatMap((r) => Array.from({ length: 8 }, (_, i) => `${r}-${i + 1}`)).filter((s) => !['C-1', 'C-2'].includes(s)).concat(['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'A-6']).slice(0, 20);
const priceOf = (s: string) => (s.startsWith('A') ? 'adult-front' : 'adult-back');

describe('50 simultaneous buyers through the daemon', () => {
  it('sells every seat at most once, and every buyer gets a sale or a clear error', async () => {
    const wants = fc.sample(fc.uniqueArray(fc.constantFrom(...CONTESTED), { minLength: 1, maxLength: 4 }), { numRuns: 50, seed: 8 });
    const results = await Promise.all(
      wants.map((seats, i) =>
        // Half hold first and then buy the hold; half buy the seats directly.
        i % 2 === 0
          ? post('tickets.hold', { performanceId: 'perf-1', seats }).then(async (h) => {
              if (h.body.error) return { seats, ...h };
              const holdId = (h.body.result as { holdId: string }).holdId;
              return { seats, ...(await post('tickets.sell', { performanceId: 'perf-1', holdId, idempotencyKey: `buyer-${i}-checkout`, tickets: seats.map((s) => ({ seatId: s, priceId: priceOf(s) })), buyer: { name: `Buyer ${i}` }, payment: { method: 'card' } })) };
            })
          : post('tickets.sell', { performanceId: 'perf-1', idempotencyKey: `buyer-${i}-direct`, tickets: seats.map((s) => ({ seatId: s, priceId: priceOf(s) })), buyer: { name: `Buyer ${i}` }, payment: { method: 'cash' } }).then((r) => ({ seats, ...r })),
      ),
    );
    const soldTo = new Map<string, number>();
    let sales = 0;
    for (const [i, r] of results.entries()) {
      if (r.body.error) {
        expect(r.status).toBe(409);
        expect(['conflict', 'sold_out']).toContain(r.body.error.code);
        expect(r.body.error.message).toMatch(/seat [A-C]-\d+ (is already sold|is held by another sale)|sold out/);
        continue;
      }
      expect(r.status).toBe(200);
      sales++;
      const order = (r.body.result as { order: { lines: Array<{ seat: string }> } }).order;
      expect(order.lines.map((l) => l.seat).sort()).toEqual([...r.seats].sort());
      for (const l of order.lines) {
        expect(soldTo.has(l.seat), `seat ${l.seat} sold twice`).toBe(false);
        soldTo.set(l.seat, i);
      }
    }
    expect(sales).toBeGreaterThan(0);
    // The document agrees: every seat in at most one active ticket, and exactly the seats the buyers were told.
    const inDoc = t.app.services.boxOffice.orders('perf-1').flatMap((o) => activeLines(o).map((l) => l.seat));
    expect(new Set(inDoc).size).toBe(inDoc.length);
    expect(inDoc.sort()).toEqual([...soldTo.keys()].sort());
    expect((await post('tickets.doubleSales', { performanceId: 'perf-1' })).body.result).toEqual([]);
  });
});
