import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { SqliteDatabase } from '../store/database.ts';
import type { GrantRef } from './model.ts';

export type AuditOutcome = 'ok' | 'denied';

export interface AuditInput {
  deviceId: string;
  userId: string;
  action: string;
  procedure: string;
  scope: string;
  target?: string | undefined;
  summary: string;
  diff?: unknown;
  grant?: GrantRef | undefined;
  outcome: AuditOutcome;
}

export interface AuditEntry extends Omit<AuditInput, 'diff'> {
  seq: number;
  id: string;
  at: number;
  diff: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  userId?: string;
  /** Entries by any of these users (e.g. everyone holding a role). */
  userIds?: string[];
  scope?: string;
  action?: string;
  from?: number;
  to?: number;
  outcome?: AuditOutcome;
  limit?: number;
  /** Return entries with seq lower than this (keyset pagination, newest first). */
  before?: number;
}

const GENESIS = '0'.repeat(64);

interface AuditRow {
  seq: number;
  id: string;
  at: number;
  device_id: string;
  user_id: string;
  action: string;
  procedure: string;
  scope: string;
  target: string | null;
  summary: string;
  diff: string | null;
  grant_json: string | null;
  outcome: AuditOutcome;
  prev_hash: string;
  hash: string;
}

function entryHash(prevHash: string, fields: Omit<AuditRow, 'seq' | 'hash' | 'prev_hash'>): string {
  return createHash('sha256')
    .update(prevHash)
    .update(
      JSON.stringify([
        fields.id,
        fields.at,
        fields.device_id,
        fields.user_id,
        fields.action,
        fields.procedure,
        fields.scope,
        fields.target,
        fields.summary,
        fields.diff,
        fields.grant_json,
        fields.outcome,
      ]),
    )
    .digest('hex');
}

function rowToEntry(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    id: r.id,
    at: r.at,
    deviceId: r.device_id,
    userId: r.user_id,
    action: r.action,
    procedure: r.procedure,
    scope: r.scope,
    target: r.target ?? undefined,
    summary: r.summary,
    diff: r.diff === null ? undefined : JSON.parse(r.diff),
    grant: r.grant_json === null ? undefined : (JSON.parse(r.grant_json) as GrantRef),
    outcome: r.outcome,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * The append-only audit trail: one entry per mutation and per denied attempt, chained by
 * hash per device so that a removed or altered entry is detected by `verify`.
 */
export class AuditLog {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
    /** Told of each new entry (inside the caller's transaction). */
    private readonly onAppend?: (entry: AuditEntry) => void,
  ) {}

  append(input: AuditInput): AuditEntry {
    const last = this.db
      .prepare('SELECT hash FROM audit_log WHERE device_id = ? ORDER BY seq DESC LIMIT 1')
      .get(input.deviceId) as { hash: string } | undefined;
    const prevHash = last?.hash ?? GENESIS;
    const fields = {
      id: `aud-${randomBytes(8).toString('hex')}`,
      at: this.clock.now(),
      device_id: input.deviceId,
      user_id: input.userId,
      action: input.action,
      procedure: input.procedure,
      scope: input.scope,
      target: input.target ?? null,
      summary: input.summary,
      diff: input.diff === undefined ? null : JSON.stringify(input.diff),
      grant_json: input.grant === undefined ? null : JSON.stringify(input.grant),
      outcome: input.outcome,
    };
    const hash = entryHash(prevHash, fields);
    const res = this.db
      .prepare(
        `INSERT INTO audit_log (id, at, device_id, user_id, action, procedure, scope, target, summary, diff, grant_json, outcome, prev_hash, hash)
         VALUES (@id, @at, @device_id, @user_id, @action, @procedure, @scope, @target, @summary, @diff, @grant_json, @outcome, @prev_hash, @hash)`,
      )
      .run({ ...fields, prev_hash: prevHash, hash });
    const entry = rowToEntry({ ...fields, seq: Number(res.lastInsertRowid), prev_hash: prevHash, hash });
    this.onAppend?.(entry);
    return entry;
  }

  #filter(q: AuditQuery): { where: string; args: Record<string, unknown> } {
    const where: string[] = [];
    const args: Record<string, unknown> = {};
    const filters: Array<[keyof AuditQuery, string]> = [
      ['userId', 'user_id = @userId'],
      ['scope', 'scope = @scope'],
      ['action', 'action = @action'],
      ['outcome', 'outcome = @outcome'],
      ['from', 'at >= @from'],
      ['to', 'at < @to'],
      ['before', 'seq < @before'],
      ['userIds', 'user_id IN (SELECT value FROM json_each(@userIds))'],
    ];
    for (const [key, clause] of filters) {
      if (q[key] === undefined) continue;
      where.push(clause);
      args[key] = key === 'userIds' ? JSON.stringify(q[key]) : q[key];
    }
    return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
  }

  query(q: AuditQuery = {}): AuditEntry[] {
    const { where, args } = this.#filter(q);
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
    const sql = `SELECT * FROM audit_log ${where} ORDER BY seq DESC LIMIT ${limit}`;
    return (this.db.prepare(sql).all(args) as AuditRow[]).map(rowToEntry);
  }

  /** Every matching entry, oldest first, without a limit (for exports). */
  *iterate(q: AuditQuery = {}): Generator<AuditEntry> {
    const { where, args } = this.#filter(q);
    for (const row of this.db.prepare(`SELECT * FROM audit_log ${where} ORDER BY seq`).iterate(args) as IterableIterator<AuditRow>) {
      yield rowToEntry(row);
    }
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  }

  /** Walks every device's chain; reports the first broken link of each device. */
  verify(): { ok: boolean; entries: number; problems: Array<{ deviceId: string; seq: number; problem: string }> } {
    const problems: Array<{ deviceId: string; seq: number; problem: string }> = [];
    const lastHash = new Map<string, string>();
    const broken = new Set<string>();
    let entries = 0;
    for (const row of this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
      entries++;
      if (broken.has(row.device_id)) continue;
      const expectedPrev = lastHash.get(row.device_id) ?? GENESIS;
      if (row.prev_hash !== expectedPrev) {
        problems.push({ deviceId: row.device_id, seq: row.seq, problem: 'an entry before this one was removed or altered' });
        broken.add(row.device_id);
        continue;
      }
      const { seq: _seq, hash: _hash, prev_hash: _prev, ...fields } = row;
      if (entryHash(row.prev_hash, fields) !== row.hash) {
        problems.push({ deviceId: row.device_id, seq: row.seq, problem: 'this entry was altered' });
        broken.add(row.device_id);
        continue;
      }
      lastHash.set(row.device_id, row.hash);
    }
    return { ok: problems.length === 0, entries, problems };
  }
}
