import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TestClock } from '../../../core/clock.ts';
import { RECONNECT_BASE_MS, RECONNECT_MAX_MS, RememberedPeers, type Timers } from '../../../core/sync/remembered.ts';

class FakeTimers implements Timers {
  readonly pending = new Map<number, { fn: () => void; ms: number }>();
  #next = 0;
  setTimeout(fn: () => void, ms: number): unknown {
    this.pending.set(++this.#next, { fn, ms });
    return this.#next;
  }
  clearTimeout(h: unknown): void {
    this.pending.delete(h as number);
  }
  delays(): number[] {
    return [...this.pending.values()].map((p) => p.ms);
  }
  fire(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const p of due) p.fn();
  }
}

function setup() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE sync_remembered_peers (url TEXT PRIMARY KEY, device_id TEXT, via TEXT NOT NULL, added_at INTEGER NOT NULL, last_seen INTEGER, last_attempt INTEGER, last_error TEXT)');
  const clock = new TestClock('2026-03-01T18:00:00Z');
  return { db, clock, peers: new RememberedPeers(db, clock), timers: new FakeTimers() };
}

describe('RememberedPeers', () => {
  it('backs off 1 s, 2 s, 4 s… up to 5 minutes while a peer is unreachable, recording the error', async () => {
    const { peers, timers, clock } = setup();
    peers.remember('callboard-sync://hub:4821', 'dev-hub', 'daemon');
    let ok = false;
    const connected = new Set<string>();
    peers.start(async () => {
      if (!ok) throw new Error('connect ECONNREFUSED');
      connected.add('dev-hub');
      return { deviceId: 'dev-hub' };
    }, { timers, isConnected: (d) => connected.has(d) });
    const seen: number[] = [];
    for (let i = 0; i < 12; i++) {
      seen.push(timers.delays()[0]!);
      clock.advance(timers.delays()[0]!);
      timers.fire();
      await peers.settled();
    }
    expect(seen.slice(0, 5)).toEqual([0, RECONNECT_BASE_MS, 2 * RECONNECT_BASE_MS, 4 * RECONNECT_BASE_MS, 8 * RECONNECT_BASE_MS]);
    expect(seen.at(-1)).toBe(RECONNECT_MAX_MS);
    expect(peers.list()[0]).toMatchObject({ lastError: 'connect ECONNREFUSED', lastAttempt: clock.now() });
    ok = true;
    timers.fire();
    await peers.settled();
    expect(peers.list()[0]).toMatchObject({ lastError: null, lastSeen: clock.now(), nextAttemptAt: null });
    expect(timers.delays()).toEqual([]);
    // Already connected (the peer reached us first): nothing to do, no timer.
    peers.disconnected('dev-other');
    expect(timers.delays()).toEqual([]);
    peers.disconnected('dev-hub');
    expect(timers.delays()).toEqual([RECONNECT_BASE_MS]);
    timers.fire();
    await peers.settled();
    expect(timers.delays()).toEqual([]);
    peers.stop();
    expect(peers.running).toBe(false);
  });

  it('a peer forgotten while an attempt is in flight is not rescheduled; a new one remembered while running is kept', async () => {
    const { peers, timers } = setup();
    peers.remember('callboard-sync://a:1', null, 'address');
    let fail: (e: Error) => void = () => undefined;
    peers.start(() => new Promise((_r, reject) => (fail = reject)), { timers, isConnected: () => false });
    timers.fire();
    peers.forget('callboard-sync://a:1');
    fail(new Error('refused'));
    await peers.settled();
    expect(timers.delays()).toEqual([]);
    expect(() => peers.forget('callboard-sync://a:1')).toThrow(/No remembered peer/);
    peers.remember('callboard-sync://b:2', 'dev-b', 'address');
    peers.disconnected('dev-b');
    expect(timers.delays()).toEqual([RECONNECT_BASE_MS]);
    expect(peers.get('callboard-sync://b:2')?.nextAttemptAt).not.toBeNull();
    peers.stop();
    expect(timers.delays()).toEqual([]);
  });
});
