import type { SqliteDatabase } from '../store/database.ts';

/**
 * Tables that belong to this replica rather than to the documents: they are not
 * projections (reindex does not rebuild them) because what they record is local.
 *   media_uploads        upload sessions in progress (who, what, how far)
 *   media_blob_health    the last verification of each blob held here (a copy may be
 *                        corrupt on this laptop and fine on the daemon, so this is never
 *                        written into a synced document)
 *   media_renditions     thumbnails and web-size images made here from the originals
 */
export function setupLocalTables(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS media_uploads (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      production_id TEXT NOT NULL,
      filename TEXT NOT NULL,
      size INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      received INTEGER NOT NULL DEFAULT 0,
      state TEXT NOT NULL,
      error TEXT,
      probe TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS media_uploads_user ON media_uploads(user_id, created_at);
    CREATE TABLE IF NOT EXISTS media_blob_health (
      hash TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      checked_at INTEGER NOT NULL,
      detail TEXT
    );
    CREATE INDEX IF NOT EXISTS media_blob_health_status ON media_blob_health(status);
    CREATE TABLE IF NOT EXISTS media_renditions (
      source TEXT NOT NULL,
      variant TEXT NOT NULL,
      state TEXT NOT NULL,
      hash TEXT,
      width INTEGER,
      height INTEGER,
      size INTEGER,
      mime TEXT,
      error TEXT,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (source, variant)
    );
    CREATE INDEX IF NOT EXISTS media_renditions_state ON media_renditions(state);`);
}
