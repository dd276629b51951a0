import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { SqliteDatabase } from '../store/database.ts';

/**
 * API tokens for scripts and the browser UI. A token is shown once at creation; the store
 * keeps only its SHA-256 (tokens are 256 random bits, so a fast hash is enough; passwords
 * use scrypt). Lookup is by the hash, so comparing the presented token reveals nothing about
 * stored ones.
 */
export interface TokenInfo {
  id: string;
  userId: string;
  name: string;
  createdAt: number;
  revokedAt: number | null;
}

const PREFIX = 'cb_';

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class TokenStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
  ) {}

  create(userId: string, name: string): { token: string; info: TokenInfo } {
    const id = `tok-${randomBytes(6).toString('hex')}`;
    const token = PREFIX + randomBytes(32).toString('base64url');
    const createdAt = this.clock.now();
    this.db
      .prepare('INSERT INTO api_tokens (id, user_id, name, hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, userId, name, hashToken(token), createdAt);
    return { token, info: { id, userId, name, createdAt, revokedAt: null } };
  }

  /** The user a token belongs to, or undefined for an unknown or revoked token. */
  verify(token: string): TokenInfo | undefined {
    if (typeof token !== 'string' || !token.startsWith(PREFIX) || token.length > 200) return undefined;
    const hash = hashToken(token);
    const row = this.db
      .prepare('SELECT id, user_id, name, hash, created_at, revoked_at FROM api_tokens WHERE hash = ?')
      .get(hash) as { id: string; user_id: string; name: string; hash: string; created_at: number; revoked_at: number | null } | undefined;
    if (!row || row.revoked_at !== null) return undefined;
    return { id: row.id, userId: row.user_id, name: row.name, createdAt: row.created_at, revokedAt: row.revoked_at };
  }

  list(userId?: string): TokenInfo[] {
    const rows = (
      userId === undefined
        ? this.db.prepare('SELECT * FROM api_tokens ORDER BY created_at').all()
        : this.db.prepare('SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at').all(userId)
    ) as Array<{ id: string; user_id: string; name: string; created_at: number; revoked_at: number | null }>;
    return rows.map((r) => ({ id: r.id, userId: r.user_id, name: r.name, createdAt: r.created_at, revokedAt: r.revoked_at }));
  }

  revoke(id: string): boolean {
    const res = this.db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(this.clock.now(), id);
    return res.changes > 0;
  }
}
