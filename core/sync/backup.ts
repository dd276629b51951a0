import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as A from '@automerge/automerge';
import Database from 'better-sqlite3';
import { CallboardError } from '../errors.ts';
import { DB_FILE, openDatabase, type SqliteDatabase } from '../store/database.ts';
import type { Store } from '../store/store.ts';
import { SqliteStorageAdapter } from '../store/sqlite-storage-adapter.ts';

/**
 * Backup and restore. A backup is a consistent snapshot of the store's database taken while it
 * runs (SQLite's online backup API through better-sqlite3's `db.backup`), stamped with a digest
 * of its documents, chunks, signatures and audit chain. Restore copies it into an empty folder,
 * then proves the copy identical: SQLite's integrity check, the digest recomputed, and every
 * document loaded with heads equal to its registry entry. The device key is not in a backup:
 * a restored folder is a new device and must be enrolled (revoke the lost one).
 */

export interface BackupResult {
  file: string;
  bytes: number;
  documents: number;
  digest: string;
}

export function storeDigest(db: SqliteDatabase): string {
  const h = createHash('sha256');
  for (const r of db.prepare('SELECT id, type, scope, heads FROM documents ORDER BY id').iterate() as IterableIterator<Record<string, string>>) {
    h.update(JSON.stringify(['doc', r.id, r.type, r.scope, r.heads]));
  }
  for (const r of db.prepare('SELECT key, data FROM chunks ORDER BY key').iterate() as IterableIterator<{ key: Buffer; data: Buffer }>) {
    h.update('chunk').update(r.key).update(createHash('sha256').update(r.data).digest());
  }
  for (const r of db.prepare('SELECT doc_id, hash, envelope FROM change_signatures ORDER BY doc_id, hash').iterate() as IterableIterator<Record<string, string>>) {
    h.update(JSON.stringify(['sig', r.doc_id, r.hash, r.envelope]));
  }
  for (const r of db.prepare('SELECT id, hash FROM audit_log ORDER BY seq').iterate() as IterableIterator<Record<string, string>>) {
    h.update(JSON.stringify(['audit', r.id, r.hash]));
  }
  return h.digest('hex');
}

export async function backupStore(store: Store, out: string): Promise<BackupResult> {
  const file = path.resolve(out);
  if (fs.existsSync(file)) throw new CallboardError('conflict', `${file} already exists; choose a new file name`, { field: 'out' });
  if (!fs.existsSync(path.dirname(file))) throw new CallboardError('not_found', `Folder ${path.dirname(file)} does not exist`, { field: 'out' });
  await store.db.backup(file);
  const copy = new Database(file);
  try {
    const digest = storeDigest(copy);
    const documents = (copy.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    copy.prepare("INSERT INTO meta (key, value) VALUES ('backup.digest', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(digest);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    fs.chmodSync(file, 0o600);
    return { file, bytes: fs.statSync(file).size, documents, digest };
  } catch (err) {
    if (copy.open) copy.close();
    fs.rmSync(file, { force: true });
    throw err;
  }
}

export interface RestoreResult {
  dir: string;
  documents: number;
  digest: string;
}

/** Restores a backup into `dir` (absent or empty) and checks the result is identical to it. */
export function restoreStore(backupFile: string, dir: string): RestoreResult {
  const file = path.resolve(backupFile);
  if (!fs.existsSync(file)) throw new CallboardError('not_found', `No backup file ${file}`, { field: 'in' });
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new CallboardError('conflict', `${dir} is not empty; restore into a new folder`, { field: 'data' });
  }
  let expected: string | undefined;
  try {
    const src = new Database(file, { readonly: true, fileMustExist: true });
    try {
      expected = src.prepare("SELECT value FROM meta WHERE key = 'backup.digest'").pluck().get() as string | undefined;
    } finally {
      src.close();
    }
  } catch (err) {
    throw new CallboardError('invalid', `${file} is not a Callboard backup: ${(err as Error).message}`, { field: 'in' });
  }
  if (!expected) throw new CallboardError('invalid', `${file} is not a Callboard backup (no digest)`, { field: 'in' });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = path.join(dir, DB_FILE);
  fs.copyFileSync(file, target);
  fs.chmodSync(target, 0o600);
  let db: SqliteDatabase | undefined;
  try {
    db = openDatabase(dir, { create: false });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new CallboardError('invalid', `The backup is damaged: ${String(integrity)}`, { field: 'in' });
    const digest = storeDigest(db);
    if (digest !== expected) throw new CallboardError('invalid', 'The restored store differs from the backup (digest mismatch)', { field: 'in', expected, digest });
    const storage = new SqliteStorageAdapter(db);
    const docs = db.prepare('SELECT id, heads FROM documents').all() as Array<{ id: string; heads: string }>;
    for (const d of docs) {
      const chunks = storage.loadRangeSync([d.id]);
      const parts = [...chunks.filter((c) => c.key[1] === 'snapshot'), ...chunks.filter((c) => c.key[1] === 'incremental')].flatMap((c) => (c.data ? [c.data] : []));
      const doc = A.load(Buffer.concat(parts));
      const heads = A.getHeads(doc).sort().join();
      if (heads !== (JSON.parse(d.heads) as string[]).sort().join()) {
        throw new CallboardError('invalid', `Document ${d.id} in the backup does not match its registry`, { field: 'in', docId: d.id });
      }
    }
    db.prepare("DELETE FROM meta WHERE key IN ('backup.digest', 'device_id', 'sync.bootstrap_peer')").run();
    db.prepare('DELETE FROM sync_peer_docs').run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    return { dir, documents: docs.length, digest };
  } catch (err) {
    if (db?.open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
