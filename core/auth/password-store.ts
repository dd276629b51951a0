import type { Clock } from '../clock.ts';
import type { SqliteDatabase } from '../store/database.ts';

/**
 * Sign-in passwords, as scrypt hashes (passwords.ts), in a local table of this replica.
 * They are not synced: a password is set on the device (or daemon) a person signs in to.
 */
export class PasswordStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
  ) {}

  get(userId: string): string | undefined {
    const row = this.db.prepare('SELECT hash FROM passwords WHERE user_id = ?').get(userId) as { hash: string } | undefined;
    return row?.hash;
  }

  set(userId: string, hash: string): void {
    this.db
      .prepare('INSERT INTO passwords (user_id, hash, updated_at) VALUES (?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at')
      .run(userId, hash, this.clock.now());
  }
}
