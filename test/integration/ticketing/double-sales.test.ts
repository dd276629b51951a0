import * as A from '@automerge/automerge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { caller, setupHouse, type Call } from '../../fixtures/ticketing.ts';

/**
 * Two box office laptops, each a full replica in its own folder, exchanging Automerge
 * changes the way peer sync (#10) will: a device sells offline only from its allocation,
 * and a double sale that still reaches a merge is detected the same way on both.
 */
let lobby: TestApp; // holds the common pool
let table: TestApp; // the second laptop
let atLobby: Call;
let atTable: Call;
const P = 'perf-1';
function sync(from: TestApp, to: TestApp): void {
  // The chart, the performance's seat state and its order buckets (every document of its scope).
  const docs = ['chart:small', ...from.app.store.list({ scope: `boxoffice:${P}` }).map((d) => d.id)];
  for (const id of docs) {
    const doc = from.app.store.doc(id);
    const info = from.app.store.info(id)!;
    if (!to.app.store.has(id)) to.app.store.importDocument(id, info.type, info.scope, A.save(doc));
    // Only when the receiver lacks something: Store.applyChanges with nothing new leaves an outdated document cached.
    else if (!A.hasHeads(to.app.store.doc(id), A.getHeads(doc))) to.app.store.applyChanges(id, A.getAllChanges(doc));
  }
}

interface DoubleSale {
  seat: string;
  keep: { orderId: string; device: string; buyer: string };
  move: { orderId: string; lineId: string; device: string; buyer: string };
  proposedSeat: string | null;
  reason: string;
}

const sale = (call: Call, seats: string[], name: string) =>
  call('tickets.sell', { performanceId: P, tickets: seats.map((seatId) => ({ seatId, priceId: seatId.startsWith('A') ? 'adult-front' : 'adult-back' })), buyer: { name }, payment: { method: 'cash' } }) as Promise<{ order: { id: string } }>;

beforeEach(async () => {
  lobby = await createTestApp();
  table = await createTestApp({ clock: lobby.clock });
  atLobby = caller(lobby.app, lobby.admin);
  atTable = caller(table.app, table.admin);
  await setupHouse(atLobby);
  await atLobby('performances.allocate', { performanceId: P, seats: ['C-3', 'C-4', 'C-5', 'C-6'], device: table.app.store.deviceId, label: 'Lobby table laptop' });
  sync(lobby, table);
});
afterEach(() => {
  lobby.cleanup();
  table.cleanup();
});

describe('offline selling between two replicas', () => {
  it('lets each device sell only its own seats while apart', async () => {
    await sale(atTable, ['C-3'], 'Table buyer');
    const pool = (await atTable('tickets.sell', { performanceId: P, tickets: [{ seatId: 'B-1', priceId: 'adult-back' }], buyer: { name: 'x' }, payment: { method: 'cash' } }).catch((e: unknown) => e)) as { code: string; message: string };
    expect(pool.code).toBe('conflict');
    expect(pool.message).toContain('common pool');
    const theirs = (await atLobby('tickets.sell', { performanceId: P, tickets: [{ seatId: 'C-4', priceId: 'adult-back' }], buyer: { name: 'x' }, payment: { method: 'cash' } }).catch((e: unknown) => e)) as { code: string; message: string };
    expect(theirs.code).toBe('conflict');
    expect(theirs.message).toContain('allocated to Lobby table laptop');
    await sale(atLobby, ['B-1'], 'Lobby buyer');
    sync(table, lobby);
    sync(lobby, table);
    for (const call of [atLobby, atTable]) expect(await call('tickets.doubleSales', { performanceId: P })).toEqual([]);
  });

  it('detects a double sale after a merge the same way on both replicas, queues a reseat, and resolves it', async () => {
    // The lobby takes C-5 and C-6 back to the pool and sells them; the table laptop has not seen that and sells them too.
    await atLobby('performances.allocate', { performanceId: P, seats: ['C-5', 'C-6'], device: null });
    lobby.clock.advance(60_000);
    const lobbySale = await sale(atLobby, ['C-5', 'C-6'], 'Grace Whitfield');
    lobby.clock.advance(60_000);
    const tableSale = await sale(atTable, ['C-5', 'C-6'], 'Ivo Ferreira');
    await sale(atTable, ['C-3'], 'June Byrne');

    sync(table, lobby);
    sync(lobby, table);
    expect(A.getHeads(lobby.app.store.doc(`tickets:${P}`)).sort()).toEqual(A.getHeads(table.app.store.doc(`tickets:${P}`)).sort());

    const queueLobby = (await atLobby('tickets.doubleSales', { performanceId: P })) as DoubleSale[];
    const queueTable = (await atTable('tickets.doubleSales', { performanceId: P })) as DoubleSale[];
    expect(queueTable).toEqual(queueLobby);
    expect(queueLobby.map((d) => [d.seat, d.keep.orderId, d.move.orderId])).toEqual([
      ['C-5', lobbySale.order.id, tableSale.order.id],
      ['C-6', lobbySale.order.id, tableSale.order.id],
    ]);
    expect(queueLobby[0]!.reason).toContain('common pool');
    const proposals = queueLobby.map((d) => d.proposedSeat);
    expect(new Set(proposals).size).toBe(2);
    expect(proposals.every((s) => s !== null && /^[BC]-/.test(s))).toBe(true); // same price zone, nearest first

    // The lobby resolves both by reseating; after sync the queue is empty everywhere and each seat has one ticket.
    for (const d of queueLobby) await atLobby('tickets.resolveDoubleSale', { performanceId: P, orderId: d.move.orderId, lineId: d.move.lineId, action: 'reseat' });
    sync(lobby, table);
    for (const call of [atLobby, atTable]) {
      expect(await call('tickets.doubleSales', { performanceId: P })).toEqual([]);
      const map = (await call('performances.seatMap', { performanceId: P })) as { statuses: Record<string, string> };
      for (const s of ['C-5', 'C-6', 'C-3', ...(proposals as string[])]) expect(map.statuses[s]).toBe('sold');
    }
    const order = (await atTable('tickets.order', { performanceId: P, orderId: tableSale.order.id })) as { lines: Array<{ seat: string; status: string }> };
    expect(order.lines.filter((l) => l.status === 'sold').map((l) => l.seat).sort()).toEqual([...(proposals as string[])].sort());
  });
});
