/**
 * Calendar feeds: subscribable iCalendar URLs at a secret (`/feeds/<secret>.ics`). The
 * secret is shown once; only its SHA-256 is stored (secrets are 192 random bits, so a fast
 * hash suffices). A feed is served as its creator, through the dispatcher, so it never shows
 * more than its creator may see today; revoking it or suspending the creator ends it.
 * Feeds are this replica's (like API tokens), not a synced document.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { CallboardError } from '../errors.ts';
import type { SqliteDatabase } from '../store/database.ts';
import type { ExportKind } from './export.ts';

export interface FeedInfo {
  id: string;
  name: string;
  kind: ExportKind;
  target: string | null;
  userId: string;
  createdAt: number;
  revokedAt: number | null;
  lastFetchedAt: number | null;
}

const PREFIX = 'cbf_';

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

interface FeedRow {
  id: string;
  name: string;
  kind: ExportKind;
  target: string | null;
  user_id: string;
  hash: string;
  created_at: number;
  revoked_at: number | null;
  last_fetched_at: number | null;
}

const toInfo = (r: FeedRow): FeedInfo => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  target: r.target,
  userId: r.user_id,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  lastFetchedAt: r.last_fetched_at,
});

export function feedPath(secret: string): string {
  return `/feeds/${secret}.ics`;
}

export class FeedStore {
  readonly #db: SqliteDatabase;
  readonly #clock: Clock;

  constructor(db: SqliteDatabase, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    db.exec(`CREATE TABLE IF NOT EXISTS calendar_feeds (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      target TEXT,
      user_id TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      revoked_at INTEGER,
      last_fetched_at INTEGER
    )`);
  }

  create(userId: string, kind: ExportKind, target: string | null, name: string): { secret: string; path: string; info: FeedInfo } {
    const id = `feed-${randomBytes(6).toString('hex')}`;
    const secret = PREFIX + randomBytes(24).toString('base64url');
    const createdAt = this.#clock.now();
    this.#db
      .prepare('INSERT INTO calendar_feeds (id, name, kind, target, user_id, hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, name, kind, target, userId, hash(secret), createdAt);
    return { secret, path: feedPath(secret), info: { id, name, kind, target, userId, createdAt, revokedAt: null, lastFetchedAt: null } };
  }

  list(userId?: string): FeedInfo[] {
    const rows = (
      userId === undefined
        ? this.#db.prepare('SELECT * FROM calendar_feeds ORDER BY created_at').all()
        : this.#db.prepare('SELECT * FROM calendar_feeds WHERE user_id = ? ORDER BY created_at').all(userId)
    ) as FeedRow[];
    return rows.map(toInfo);
  }

  get(id: string): FeedInfo | undefined {
    const row = this.#db.prepare('SELECT * FROM calendar_feeds WHERE id = ?').get(id) as FeedRow | undefined;
    return row ? toInfo(row) : undefined;
  }

  revoke(id: string): FeedInfo {
    const info = this.get(id);
    if (!info) throw new CallboardError('not_found', `No feed "${id}"`, { id });
    if (info.revokedAt !== null) return info;
    const at = this.#clock.now();
    this.#db.prepare('UPDATE calendar_feeds SET revoked_at = ? WHERE id = ?').run(at, id);
    return { ...info, revokedAt: at };
  }

  /** The live feed for a secret, or undefined (unknown or revoked). */
  resolve(secret: string): FeedInfo | undefined {
    if (typeof secret !== 'string' || !secret.startsWith(PREFIX) || secret.length > 100) return undefined;
    const h = hash(secret);
    const row = this.#db.prepare('SELECT * FROM calendar_feeds WHERE hash = ?').get(h) as FeedRow | undefined;
    if (!row || row.revoked_at !== null) return undefined;
    if (!timingSafeEqual(Buffer.from(row.hash), Buffer.from(h))) return undefined;
    this.#db.prepare('UPDATE calendar_feeds SET last_fetched_at = ? WHERE id = ?').run(this.#clock.now(), row.id);
    return toInfo(row);
  }
}
