import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CallboardError } from '../errors.ts';

export type SqliteDatabase = Database.Database;

export const DB_FILE = 'callboard.db';
export const APP_ID = 'callboard';

/**
 * Migrations of the store's own tables, in order. Index i brings the schema from version i
 * to version i+1. Feature modules keep their tables in projections (rebuildable), not here.
 */
const MIGRATIONS: ReadonlyArray<(db: SqliteDatabase) => void> = [
  (db) => {
    db.exec(`
      CREATE TABLE chunks (
        seq INTEGER PRIMARY KEY,
        key BLOB NOT NULL UNIQUE,
        data BLOB NOT NULL
      );
      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        scope TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        heads TEXT NOT NULL
      );
      CREATE INDEX documents_type ON documents(type);
      CREATE INDEX documents_scope ON documents(scope);
      CREATE TABLE projection_versions (
        name TEXT PRIMARY KEY,
        version INTEGER NOT NULL
      );
      CREATE TABLE projection_state (
        projection TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        heads TEXT NOT NULL,
        PRIMARY KEY (projection, doc_id)
      ) WITHOUT ROWID;
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        name TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        at INTEGER NOT NULL,
        device_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        action TEXT NOT NULL,
        procedure TEXT NOT NULL,
        scope TEXT NOT NULL,
        target TEXT,
        summary TEXT NOT NULL,
        diff TEXT,
        grant_json TEXT,
        outcome TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_at ON audit_log(at);
      CREATE INDEX audit_user ON audit_log(user_id, at);
      CREATE INDEX audit_scope ON audit_log(scope, at);
    `);
  },
  (db) => {
    // Local sign-in passwords (scrypt hashes), kept on each replica and never synced.
    db.exec(`
      CREATE TABLE passwords (
        user_id TEXT PRIMARY KEY,
        hash TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `);
  },
  (db) => {
    // Sync (issue #10): the signed envelope of every change (docs/decisions/0007), what each
    // peer is known to hold, and changes already refused (so a resend is refused quietly).
    db.exec(`
      CREATE TABLE change_signatures (
        doc_id TEXT NOT NULL,
        hash TEXT NOT NULL,
        device_id TEXT NOT NULL,
        actor TEXT NOT NULL,
        seq INTEGER NOT NULL,
        envelope TEXT NOT NULL,
        PRIMARY KEY (doc_id, hash)
      ) WITHOUT ROWID;
      CREATE INDEX change_signatures_device ON change_signatures(device_id, doc_id);
      CREATE TABLE sync_peers (
        device_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        name TEXT NOT NULL,
        via TEXT NOT NULL,
        address TEXT,
        last_seen INTEGER NOT NULL,
        state TEXT NOT NULL,
        detail TEXT
      );
      CREATE TABLE sync_peer_docs (
        device_id TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        heads TEXT NOT NULL,
        PRIMARY KEY (device_id, doc_id)
      ) WITHOUT ROWID;
      CREATE TABLE sync_rejected (
        doc_id TEXT NOT NULL,
        hash TEXT NOT NULL,
        reason TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (doc_id, hash)
      ) WITHOUT ROWID;
      CREATE TABLE sync_invites (
        code_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        device_name TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER,
        used_by TEXT
      );
    `);
  },
  // Peers this replica connected to by address (sync.connect with stay, sync.join's inviting
  // peer): reconnected on start, with backoff, until forgotten. Local state, never replicated.
  (db) => {
    db.exec(`
      CREATE TABLE sync_remembered_peers (
        url TEXT PRIMARY KEY,
        device_id TEXT,
        via TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        last_seen INTEGER,
        last_attempt INTEGER,
        last_error TEXT
      );
    `);
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export interface OpenOptions {
  /** Create the store when the folder has none. Default true. */
  create?: boolean;
  readonly?: boolean;
}

/**
 * Opens (or creates) the store database in `dir`. WAL journal with synchronous=FULL, so a
 * committed transaction survives a crash or power loss. The connection takes SQLite's
 * exclusive lock, so a second process cannot open the same store for writing.
 */
export function openDatabase(dir: string, options: OpenOptions = {}): SqliteDatabase {
  const create = options.create ?? true;
  const file = path.join(dir, DB_FILE);
  const exists = fs.existsSync(file);
  if (!exists) {
    if (!create) throw new CallboardError('not_found', `No Callboard store in ${dir}`, { dir });
    if (fs.existsSync(dir)) {
      const entries = fs.readdirSync(dir).filter((e) => !e.startsWith('.'));
      if (entries.length > 0) {
        throw new CallboardError(
          'invalid',
          `${dir} is not a Callboard store: it has other files and no ${DB_FILE}. Choose an empty folder.`,
          { dir },
        );
      }
    }
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  let db: SqliteDatabase;
  try {
    // timeout 0: a store held by another process is refused at once, not after 5 s of retries.
    db = new Database(file, { fileMustExist: exists, timeout: 0 });
  } catch (err) {
    throw new CallboardError('invalid', `Cannot open ${file}: ${(err as Error).message}`, { dir }, { cause: err });
  }
  try {
    // Identify the database before any pragma that writes (journal_mode = WAL changes the
    // file header): a database that is not ours is refused untouched.
    assertCallboardOrEmpty(db, dir);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    // Take the exclusive lock now rather than at the first write.
    db.exec('BEGIN IMMEDIATE; COMMIT;');
  } catch (err) {
    db.close();
    if (err instanceof CallboardError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw new CallboardError('unavailable', `The store in ${dir} is in use by another Callboard process`, { dir });
    }
    if (code === 'SQLITE_NOTADB') {
      throw new CallboardError('invalid', `${file} is not a Callboard store (not an SQLite database)`, { dir });
    }
    throw new CallboardError('internal', `Cannot open ${file}: ${(err as Error).message}`, { dir }, { cause: err });
  }
  try {
    migrate(db, dir);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** Read-only check: the database is empty, or its meta table names this application. */
function assertCallboardOrEmpty(db: SqliteDatabase, dir: string): void {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  if (tables.length === 0) return;
  let app: string | undefined;
  try {
    app = db.prepare("SELECT value FROM meta WHERE key = 'app'").pluck().get() as string | undefined;
  } catch {
    app = undefined; // no meta table, or one of another shape: not ours
  }
  if (app !== APP_ID) {
    throw new CallboardError('invalid', `${dir} holds an SQLite database that is not a Callboard store`, { dir });
  }
}

function migrate(db: SqliteDatabase, dir: string): void {
  const hasMeta = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
    .get();
  const tableCount = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
  if (!hasMeta) {
    if (tableCount > 0) {
      throw new CallboardError('invalid', `${dir} holds an SQLite database that is not a Callboard store`, { dir });
    }
    db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)').run('app', APP_ID, 'schema_version', '0');
  }
  const meta = Object.fromEntries(
    (db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]),
  );
  if (meta.app !== APP_ID) {
    throw new CallboardError('invalid', `${dir} is not a Callboard store`, { dir });
  }
  const version = Number(meta.schema_version);
  if (!Number.isInteger(version) || version > SCHEMA_VERSION) {
    throw new CallboardError(
      'incompatible',
      `The store in ${dir} was written by a newer Callboard (schema ${meta.schema_version}, this version knows up to ${SCHEMA_VERSION}). Update Callboard to open it.`,
      { dir, storeVersion: meta.schema_version, knownVersion: SCHEMA_VERSION },
    );
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      MIGRATIONS[v]!(db);
      db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(v + 1));
    })();
  }
}
