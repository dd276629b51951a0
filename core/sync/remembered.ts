import type { Clock } from '../clock.ts';
import { CallboardError } from '../errors.ts';
import type { SqliteDatabase } from '../store/database.ts';
import type { PeerVia } from './protocol.ts';

/**
 * Peers this replica connected to by address — `sync.connect` with `stay`, or the peer a
 * device joined through (`sync.join`) — kept in the local table `sync_remembered_peers` (never
 * replicated), so that after a restart the replica reconnects to them by itself. The
 * reconnection loop runs on injected timers: after a failed attempt it waits 1 s, 2 s, 4 s…
 * up to 5 minutes; after a connection drops it tries again after 1 s. Where sync resumes is
 * the session's business (each side remembers the heads the other acknowledged), so a
 * reconnect sends only what changed since.
 */
export interface RememberedPeer {
  url: string;
  deviceId: string | null;
  via: PeerVia;
  addedAt: number;
  lastSeen: number | null;
  lastAttempt: number | null;
  lastError: string | null;
  /** When the next reconnection attempt is due (null: connected, or the loop is not running). */
  nextAttemptAt: number | null;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export const RECONNECT_BASE_MS = 1_000;
export const RECONNECT_MAX_MS = 5 * 60_000;

/** Connects to `url`; resolves to the connected peer's device id once the session is up. */
export type PeerConnector = (url: string, via: PeerVia) => Promise<{ deviceId: string | null }>;

interface Row {
  url: string;
  device_id: string | null;
  via: PeerVia;
  added_at: number;
  last_seen: number | null;
  last_attempt: number | null;
  last_error: string | null;
}

interface Loop {
  connect: PeerConnector;
  timers: Timers;
  isConnected: (deviceId: string) => boolean;
  entries: Map<string, { failures: number; timer?: unknown; dueAt?: number; inFlight?: Promise<void> }>;
}

export class RememberedPeers {
  readonly #db: SqliteDatabase;
  readonly #clock: Clock;
  #loop: Loop | undefined;

  constructor(db: SqliteDatabase, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  list(): RememberedPeer[] {
    const rows = this.#db.prepare('SELECT * FROM sync_remembered_peers ORDER BY added_at, url').all() as Row[];
    return rows.map((r) => ({
      url: r.url,
      deviceId: r.device_id,
      via: r.via,
      addedAt: r.added_at,
      lastSeen: r.last_seen,
      lastAttempt: r.last_attempt,
      lastError: r.last_error,
      nextAttemptAt: this.#loop?.entries.get(r.url)?.dueAt ?? null,
    }));
  }

  get(url: string): RememberedPeer | undefined {
    return this.list().find((p) => p.url === url);
  }

  /** Records a peer this replica just connected to (or refreshes it), and keeps it connected. */
  remember(url: string, deviceId: string | null, via: PeerVia): void {
    const now = this.#clock.now();
    this.#db
      .prepare(
        `INSERT INTO sync_remembered_peers (url, device_id, via, added_at, last_seen, last_attempt, last_error) VALUES (?, ?, ?, ?, ?, ?, NULL)
         ON CONFLICT(url) DO UPDATE SET device_id = COALESCE(excluded.device_id, device_id), via = excluded.via, last_seen = excluded.last_seen, last_attempt = excluded.last_attempt, last_error = NULL`,
      )
      .run(url, deviceId, via, now, now, now);
    const loop = this.#loop;
    if (loop && !loop.entries.has(url)) loop.entries.set(url, { failures: 0 });
  }

  /** Forgets a peer: no more reconnection attempts. Returns what was forgotten. */
  forget(url: string): RememberedPeer {
    const peer = this.get(url);
    if (!peer) throw new CallboardError('not_found', `No remembered peer ${url}`, { field: 'url' });
    this.#db.prepare('DELETE FROM sync_remembered_peers WHERE url = ?').run(url);
    const entry = this.#loop?.entries.get(url);
    if (entry?.timer !== undefined) this.#loop!.timers.clearTimeout(entry.timer);
    this.#loop?.entries.delete(url);
    return peer;
  }

  /** Starts reconnecting to every remembered peer (at once), then keeps them connected. */
  start(connect: PeerConnector, options: { timers?: Timers; isConnected: (deviceId: string) => boolean }): void {
    this.stop();
    const loop: Loop = { connect, timers: options.timers ?? systemTimers, isConnected: options.isConnected, entries: new Map() };
    this.#loop = loop;
    for (const p of this.list()) {
      loop.entries.set(p.url, { failures: 0 });
      this.#schedule(p.url, 0);
    }
  }

  stop(): void {
    const loop = this.#loop;
    if (!loop) return;
    for (const e of loop.entries.values()) if (e.timer !== undefined) loop.timers.clearTimeout(e.timer);
    this.#loop = undefined;
  }

  get running(): boolean {
    return this.#loop !== undefined;
  }

  /** A session with `deviceId` closed: reconnect to it if it is remembered. */
  disconnected(deviceId: string): void {
    const loop = this.#loop;
    if (!loop) return;
    for (const p of this.list()) {
      const entry = loop.entries.get(p.url);
      if (p.deviceId === deviceId && entry && entry.timer === undefined && !entry.inFlight) this.#schedule(p.url, RECONNECT_BASE_MS);
    }
  }

  /** Resolves once the attempts now in flight are done (for tests and shutdown). */
  async settled(): Promise<void> {
    const loop = this.#loop;
    if (!loop) return;
    await Promise.all([...loop.entries.values()].map((e) => e.inFlight));
  }

  #schedule(url: string, ms: number): void {
    const loop = this.#loop;
    const entry = loop?.entries.get(url);
    if (!loop || !entry) return;
    if (entry.timer !== undefined) loop.timers.clearTimeout(entry.timer);
    entry.dueAt = this.#clock.now() + ms;
    entry.timer = loop.timers.setTimeout(() => {
      entry.timer = undefined;
      entry.dueAt = undefined;
      entry.inFlight = this.#attempt(loop, url).finally(() => (entry.inFlight = undefined));
    }, ms);
  }

  async #attempt(loop: Loop, url: string): Promise<void> {
    const peer = this.get(url);
    const entry = loop.entries.get(url);
    if (!peer || !entry || this.#loop !== loop) return;
    if (peer.deviceId && loop.isConnected(peer.deviceId)) {
      // Already connected (it reached us first, or over the LAN): the close will bring us back.
      entry.failures = 0;
      return;
    }
    const started = this.#clock.now();
    this.#db.prepare('UPDATE sync_remembered_peers SET last_attempt = ? WHERE url = ?').run(started, url);
    try {
      const r = await loop.connect(url, peer.via);
      if (this.#loop !== loop || !loop.entries.has(url) || !this.#db.open) return;
      entry.failures = 0;
      this.#db.prepare('UPDATE sync_remembered_peers SET last_seen = ?, last_error = NULL, device_id = COALESCE(?, device_id) WHERE url = ?').run(this.#clock.now(), r.deviceId, url);
      // If the session already dropped while we were catching up, try again.
      if (r.deviceId && !loop.isConnected(r.deviceId)) this.#schedule(url, RECONNECT_BASE_MS);
    } catch (err) {
      if (this.#loop !== loop || !loop.entries.has(url) || !this.#db.open) return;
      entry.failures++;
      this.#db.prepare('UPDATE sync_remembered_peers SET last_error = ? WHERE url = ?').run(err instanceof Error ? err.message : String(err), url);
      this.#schedule(url, Math.min(RECONNECT_BASE_MS * 2 ** (entry.failures - 1), RECONNECT_MAX_MS));
    }
  }
}
