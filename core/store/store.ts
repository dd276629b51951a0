import { createHash, randomBytes } from 'node:crypto';
import * as A from '@automerge/automerge';
import type { Clock } from '../clock.ts';
import { CallboardError } from '../errors.ts';
import { openDatabase, type OpenOptions, type SqliteDatabase } from './database.ts';
import type { Projection, ProjectionUpdate } from './projection.ts';
import { SqliteStorageAdapter } from './sqlite-storage-adapter.ts';

export interface DocInfo {
  id: string;
  type: string;
  scope: string;
  createdAt: number;
  updatedAt: number;
  heads: A.Heads;
}

export interface DocChange {
  docId: string;
  type: string;
  scope: string;
  heads: A.Heads;
  /** 'local' for changes made through this store, 'remote' for changes merged from a peer. */
  origin: 'local' | 'remote';
}

export type ChangeListener = (change: DocChange) => void;

export interface StoreOptions extends OpenOptions {
  clock: Clock;
  /** Incremental chunks kept per document before they are compacted into one snapshot. */
  compactAfter?: number;
  /**
   * This installation's identity, read once the database is open (so the data folder exists):
   * the sync layer derives both from the device's Ed25519 key (core/sync/identity.ts).
   * Without it, a random device id is kept in `meta` and the actor id is derived from it.
   */
  identity?: (dir: string) => StoreIdentity;
}

export interface StoreIdentity {
  deviceId: string;
  /** Hex Automerge actor id used for every local change. */
  actorId: string;
}

/** A change this store is about to commit, handed to the signer. */
export interface LocalChange {
  docId: string;
  type: string;
  scope: string;
  hash: string;
  actor: string;
  seq: number;
  deps: string[];
}

/** The signature kept beside a change: `envelope` is the sync layer's signed text. */
export interface ChangeSignature {
  hash: string;
  deviceId: string;
  actor: string;
  seq: number;
  envelope: string;
}

/** Signs a local change (core/sync/signer.ts). Runs inside the change's transaction. */
export type ChangeSigner = (change: LocalChange) => ChangeSignature;

export interface ApplyOptions {
  /** Signatures of the incoming changes, stored in the same transaction. */
  signatures?: readonly ChangeSignature[];
}

export interface ChangeOptions {
  message?: string;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;

interface DocRow {
  id: string;
  type: string;
  scope: string;
  created_at: number;
  updated_at: number;
  heads: string;
}

interface SignatureRow {
  doc_id: string;
  hash: string;
  device_id: string;
  actor: string;
  seq: number;
  envelope: string;
}

function rowToSignature(row: SignatureRow): ChangeSignature {
  return { hash: row.hash, deviceId: row.device_id, actor: row.actor, seq: row.seq, envelope: row.envelope };
}

function rowToInfo(row: DocRow): DocInfo {
  return {
    id: row.id,
    type: row.type,
    scope: row.scope,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    heads: JSON.parse(row.heads) as A.Heads,
  };
}

function sameHeads(a: A.Heads, b: A.Heads): boolean {
  if (a.length !== b.length) return false;
  const sa = [...a].sort();
  const sb = [...b].sort();
  return sa.every((h, i) => h === sb[i]);
}

function chunkHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Batches at least this long are merged by applying them to a fork of the document's backend
 * and materializing the result once, instead of through Automerge's incremental patches.
 */
export const BULK_MERGE_CHANGES = 16;

interface Backend {
  applyChanges(changes: Uint8Array[]): void;
  updateDiffCursor(): void;
  materialize(obj: string, heads: undefined, meta: unknown): unknown;
}

/**
 * Merges `changes` into `doc`, returning the new document (`doc` itself stays readable).
 * A small batch goes through `Automerge.applyChanges`, which updates the materialized
 * document from the patches of the change. For a large batch of concurrent edits those
 * patches are the cost: measured on 1,000 changes of 20 concurrent text editors (6,600 ops),
 * applyChanges spends ~80 ms of CPU, of which the op merge itself is ~36 ms and a fresh
 * materialization of the whole document ~7 ms. So a large batch is applied to a fork of the
 * backend and the document is materialized once (docs/decisions/0006-content.md).
 */
export function mergeChanges<T>(doc: A.Doc<T>, changes: Uint8Array[], actorId: string): A.Doc<T> {
  if (changes.length < BULK_MERGE_CHANGES) return A.applyChanges(doc, changes)[0];
  const fork = A.clone(doc, { actor: actorId });
  const backend = A.getBackend(fork) as unknown as Backend;
  backend.applyChanges(changes);
  backend.updateDiffCursor();
  // The same state Automerge.load gives a freshly loaded document.
  return backend.materialize('/', undefined, { handle: backend, heads: undefined, freeze: false, patchCallback: undefined }) as A.Doc<T>;
}

/**
 * Callboard's document repository: Automerge documents persisted in SQLite through
 * SqliteStorageAdapter (automerge-repo's key layout), a registry of documents (type,
 * scope, heads), and projections kept up to date in the same transaction as each change.
 * Documents are loaded lazily with Automerge.load (see docs/decisions/0001).
 */
export class Store {
  readonly db: SqliteDatabase;
  readonly storage: SqliteStorageAdapter;
  readonly clock: Clock;
  readonly dir: string;
  readonly deviceId: string;
  readonly actorId: string;

  #cache = new Map<string, A.Doc<unknown>>();
  #projections: Projection[] = [];
  #listeners = new Set<ChangeListener>();
  #closed = false;
  #compactAfter: number;
  /** Incremental chunks stored per loaded document since its last snapshot. */
  #incrementals = new Map<string, number>();
  #depth = 0;
  #pendingEvents: DocChange[] = [];
  #group: Array<{ fn: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void }> | undefined;
  #touched = new Set<string>();
  /** Per open savepoint (innermost last), the documents changed inside it. */
  #savepoints: Array<Set<string>> = [];
  #signer: ChangeSigner | undefined;
  #stmts;

  private constructor(dir: string, db: SqliteDatabase, options: StoreOptions) {
    this.dir = dir;
    this.db = db;
    this.clock = options.clock;
    this.storage = new SqliteStorageAdapter(db);
    this.#compactAfter = options.compactAfter ?? 32;
    const identity = options.identity?.(dir);
    this.deviceId = identity?.deviceId ?? this.#deviceIdentity();
    this.actorId = identity?.actorId ?? createHash('sha256').update(`actor:${this.deviceId}`).digest('hex').slice(0, 32);
    this.#stmts = {
      info: db.prepare<[string], DocRow>('SELECT * FROM documents WHERE id = ?'),
      insert: db.prepare(
        'INSERT INTO documents (id, type, scope, created_at, updated_at, heads) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      updateHeads: db.prepare('UPDATE documents SET heads = ?, updated_at = ? WHERE id = ?'),
      projState: db.prepare<[string, string], { heads: string }>(
        'SELECT heads FROM projection_state WHERE projection = ? AND doc_id = ?',
      ),
      setProjState: db.prepare(
        'INSERT INTO projection_state (projection, doc_id, heads) VALUES (?, ?, ?) ON CONFLICT(projection, doc_id) DO UPDATE SET heads = excluded.heads',
      ),
      putSignature: db.prepare(
        'INSERT OR IGNORE INTO change_signatures (doc_id, hash, device_id, actor, seq, envelope) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      signature: db.prepare<[string, string], SignatureRow>('SELECT * FROM change_signatures WHERE doc_id = ? AND hash = ?'),
    };
  }

  static async open(dir: string, options: StoreOptions): Promise<Store> {
    const db = openDatabase(dir, options);
    return new Store(dir, db, options);
  }

  #deviceIdentity(): string {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'device_id'").get() as { value: string } | undefined;
    if (row) return row.value;
    const id = `dev-${randomBytes(8).toString('hex')}`;
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('device_id', ?)").run(id);
    return id;
  }

  get closed(): boolean {
    return this.#closed;
  }

  #assertOpen(): void {
    if (this.#closed) throw new CallboardError('unavailable', 'The store is closed');
  }

  // ---- metadata kept beside the documents -------------------------------------------

  getMeta(key: string): string | undefined {
    this.#assertOpen();
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.#assertOpen();
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  // ---- registry ---------------------------------------------------------------------

  has(id: string): boolean {
    this.#assertOpen();
    return this.#stmts.info.get(id) !== undefined;
  }

  info(id: string): DocInfo | undefined {
    this.#assertOpen();
    const row = this.#stmts.info.get(id);
    return row ? rowToInfo(row) : undefined;
  }

  list(filter: { type?: string; scope?: string } = {}): DocInfo[] {
    this.#assertOpen();
    const where: string[] = [];
    const args: string[] = [];
    if (filter.type !== undefined) {
      where.push('type = ?');
      args.push(filter.type);
    }
    if (filter.scope !== undefined) {
      where.push('scope = ?');
      args.push(filter.scope);
    }
    const sql = `SELECT * FROM documents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
    return (this.db.prepare(sql).all(...args) as DocRow[]).map(rowToInfo);
  }

  // ---- documents --------------------------------------------------------------------

  /** Creates a document of `type` in `scope`. Fails with `conflict` if the id exists. */
  create<T>(id: string, type: string, scope: string, init: (doc: T) => void, options: ChangeOptions = {}): A.Doc<T> {
    this.#assertOpen();
    if (!ID_PATTERN.test(id)) throw new CallboardError('invalid', `Invalid document id "${id}"`, { field: 'id' });
    if (this.has(id)) throw new CallboardError('conflict', `Document ${id} already exists`, { id });
    return this.transaction(() => {
      const now = this.clock.now();
      const empty = A.init<T>({ actor: this.actorId });
      const doc = A.change(empty, { message: options.message ?? `create ${type}`, time: Math.floor(now / 1000) }, (d) =>
        init(d as T),
      );
      const heads = A.getHeads(doc);
      this.#stmts.insert.run(id, type, scope, now, now, JSON.stringify(heads));
      const bytes = A.save(doc);
      this.storage.saveSync([id, 'snapshot', chunkHash(bytes)], bytes);
      this.#incrementals.set(id, 0);
      this.#cache.set(id, doc as A.Doc<unknown>);
      this.#touch(id);
      this.#signLocal(id, type, scope, doc, []);
      this.#project(id, type, scope, doc);
      this.#pendingEvents.push({ docId: id, type, scope, heads, origin: 'local' });
      return doc;
    });
  }

  /** The current state of a document, loaded on first use. */
  doc<T>(id: string): A.Doc<T> {
    this.#assertOpen();
    const cached = this.#cache.get(id);
    if (cached) return cached as A.Doc<T>;
    if (!this.has(id)) throw new CallboardError('not_found', `No document ${id}`, { id });
    const doc = this.#load<T>(id);
    this.#cache.set(id, doc as A.Doc<unknown>);
    return doc;
  }

  #load<T>(id: string): A.Doc<T> {
    const chunks = this.storage.loadRangeSync([id]);
    const snapshots = chunks.filter((c) => c.key[1] === 'snapshot');
    const incrementals = chunks.filter((c) => c.key[1] === 'incremental');
    const parts = [...snapshots, ...incrementals].flatMap((c) => (c.data ? [c.data] : []));
    if (parts.length === 0) throw new CallboardError('internal', `Document ${id} is registered but has no stored data`, { id });
    const total = parts.reduce((n, p) => n + p.byteLength, 0);
    const all = new Uint8Array(total);
    let offset = 0;
    for (const p of parts) {
      all.set(p, offset);
      offset += p.byteLength;
    }
    const doc = A.load<T>(all, { actor: this.actorId });
    this.#incrementals.set(id, incrementals.length);
    if (incrementals.length >= this.#compactAfter) this.#compact(id, doc);
    return doc;
  }

  /** Replaces a document's chunks with one snapshot. */
  #compact<T>(id: string, doc: A.Doc<T>): void {
    const bytes = A.save(doc);
    this.db.transaction(() => {
      this.storage.removeRangeSync([id]);
      this.storage.saveSync([id, 'snapshot', chunkHash(bytes)], bytes);
    })();
    this.#incrementals.set(id, 0);
  }

  /** Applies a local change. Returns the new document (unchanged if `fn` changed nothing). */
  change<T>(id: string, fn: (doc: T) => void, options: ChangeOptions = {}): A.Doc<T> {
    this.#assertOpen();
    const info = this.#stmts.info.get(id);
    if (!info) throw new CallboardError('not_found', `No document ${id}`, { id });
    return this.transaction(() => {
      const before = this.doc<T>(id);
      const now = this.clock.now();
      const after = A.change(before, { message: options.message ?? '', time: Math.floor(now / 1000) }, (d) => fn(d as T));
      if (after === before || sameHeads(A.getHeads(after), A.getHeads(before))) return before;
      this.#signLocal(id, info.type, info.scope, after, A.getHeads(before));
      this.#persist(info, before, after, 'local');
      return after;
    });
  }

  /** Merges changes received from a peer (already validated by the sync layer). */
  applyChanges<T>(id: string, changes: Uint8Array[], options: ApplyOptions = {}): A.Doc<T> {
    this.#assertOpen();
    const info = this.#stmts.info.get(id);
    if (!info) throw new CallboardError('not_found', `No document ${id}`, { id });
    return this.transaction(() => {
      const before = this.doc<T>(id);
      const after = mergeChanges(before, changes, this.actorId);
      for (const sig of options.signatures ?? []) this.#putSignature(id, sig);
      if (sameHeads(A.getHeads(after), A.getHeads(before))) {
        // Nothing new, but Automerge has consumed `before`: keep the returned document.
        this.#cache.set(id, after as A.Doc<unknown>);
        this.#touch(id);
        return after;
      }
      this.#persist(info, before, after, 'remote');
      return after;
    });
  }

  /**
   * Registers a document first seen from a peer, from its saved bytes, with the signatures of
   * its changes. Without `signatures` (a document built locally, e.g. a deterministic genesis)
   * this device signs every change of it.
   */
  importDocument(id: string, type: string, scope: string, bytes: Uint8Array, options: ApplyOptions = {}): A.Doc<unknown> {
    this.#assertOpen();
    if (!ID_PATTERN.test(id)) throw new CallboardError('invalid', `Invalid document id "${id}"`, { field: 'id' });
    if (this.has(id)) throw new CallboardError('conflict', `Document ${id} already exists`, { id });
    return this.transaction(() => {
      const now = this.clock.now();
      const doc = A.load<unknown>(bytes, { actor: this.actorId });
      const heads = A.getHeads(doc);
      this.#stmts.insert.run(id, type, scope, now, now, JSON.stringify(heads));
      const saved = A.save(doc);
      this.storage.saveSync([id, 'snapshot', chunkHash(saved)], saved);
      this.#cache.set(id, doc);
      this.#touch(id);
      if (options.signatures) for (const sig of options.signatures) this.#putSignature(id, sig);
      else this.#signLocal(id, type, scope, doc, []);
      this.#project(id, type, scope, doc);
      this.#pendingEvents.push({ docId: id, type, scope, heads, origin: 'remote' });
      return doc;
    });
  }

  /**
   * Replaces a document's history with `changes` (a subset of its changes closed under
   * dependencies): used by the sync layer to drop changes that turned out invalid, e.g. those
   * of a device revoked concurrently. Signatures of dropped changes go; projections re-derive.
   */
  rewriteDocument<T>(id: string, changes: Uint8Array[]): A.Doc<T> {
    this.#assertOpen();
    const info = this.#stmts.info.get(id);
    if (!info) throw new CallboardError('not_found', `No document ${id}`, { id });
    return this.transaction(() => {
      const [doc] = A.applyChanges(A.init<T>({ actor: this.actorId }), changes);
      const bytes = A.save(doc);
      this.storage.removeRangeSync([id]);
      this.storage.saveSync([id, 'snapshot', chunkHash(bytes)], bytes);
      this.#incrementals.set(id, 0);
      const heads = A.getHeads(doc);
      this.#stmts.updateHeads.run(JSON.stringify(heads), this.clock.now(), id);
      const keep = new Set(A.getChangesMetaSince(doc, []).map((c) => c.hash));
      for (const row of this.db.prepare('SELECT hash FROM change_signatures WHERE doc_id = ?').pluck().all(id) as string[]) {
        if (!keep.has(row)) this.db.prepare('DELETE FROM change_signatures WHERE doc_id = ? AND hash = ?').run(id, row);
      }
      this.#cache.set(id, doc as A.Doc<unknown>);
      this.#touch(id);
      this.#project(id, info.type, info.scope, doc);
      this.#pendingEvents.push({ docId: id, type: info.type, scope: info.scope, heads, origin: 'remote' });
      return doc;
    });
  }

  /** Sets (or clears) the signer of local changes. */
  setSigner(signer: ChangeSigner | undefined): void {
    this.#signer = signer;
  }

  /** The stored signature of one change. */
  signature(docId: string, hash: string): ChangeSignature | undefined {
    this.#assertOpen();
    const row = this.#stmts.signature.get(docId, hash);
    return row ? rowToSignature(row) : undefined;
  }

  /** Signatures of a document's changes, by change hash (all of them without `hashes`). */
  signatures(docId: string, hashes?: readonly string[]): Map<string, ChangeSignature> {
    this.#assertOpen();
    const out = new Map<string, ChangeSignature>();
    if (hashes) {
      for (const h of hashes) {
        const row = this.#stmts.signature.get(docId, h);
        if (row) out.set(h, rowToSignature(row));
      }
      return out;
    }
    for (const row of this.db.prepare('SELECT * FROM change_signatures WHERE doc_id = ?').all(docId) as SignatureRow[]) {
      out.set(row.hash, rowToSignature(row));
    }
    return out;
  }

  /** Per document, the highest sequence number of `actor` among changes signed by `deviceId`. */
  signedBy(deviceId: string): Array<{ docId: string; actor: string; maxSeq: number }> {
    this.#assertOpen();
    return (
      this.db
        .prepare('SELECT doc_id, actor, max(seq) AS max_seq FROM change_signatures WHERE device_id = ? GROUP BY doc_id, actor ORDER BY doc_id')
        .all(deviceId) as Array<{ doc_id: string; actor: string; max_seq: number }>
    ).map((r) => ({ docId: r.doc_id, actor: r.actor, maxSeq: r.max_seq }));
  }

  #putSignature(docId: string, sig: ChangeSignature): void {
    this.#stmts.putSignature.run(docId, sig.hash, sig.deviceId, sig.actor, sig.seq, sig.envelope);
  }

  #touch(id: string): void {
    this.#touched.add(id);
    this.#savepoints.at(-1)?.add(id);
  }

  /** Signs the changes of `doc` made since `since` (local changes), when a signer is set. */
  #signLocal(docId: string, type: string, scope: string, doc: A.Doc<unknown>, since: A.Heads): void {
    if (!this.#signer) return;
    for (const meta of A.getChangesMetaSince(doc, since)) {
      this.#putSignature(docId, this.#signer({ docId, type, scope, hash: meta.hash, actor: meta.actor, seq: meta.seq, deps: [...meta.deps] }));
    }
  }

  #persist<T>(info: DocRow, before: A.Doc<T>, after: A.Doc<T>, origin: DocChange['origin']): void {
    const heads = A.getHeads(after);
    const bytes = A.saveSince(after, A.getHeads(before));
    this.storage.saveSync([info.id, 'incremental', chunkHash(bytes)], bytes);
    const count = (this.#incrementals.get(info.id) ?? 0) + 1;
    this.#incrementals.set(info.id, count);
    // A document kept in memory (the daemon) is compacted as it grows, not only on load.
    if (count >= this.#compactAfter) this.#compact(info.id, after);
    this.#stmts.updateHeads.run(JSON.stringify(heads), this.clock.now(), info.id);
    this.#cache.set(info.id, after as A.Doc<unknown>);
    this.#touch(info.id);
    this.#project(info.id, info.type, info.scope, after);
    this.#pendingEvents.push({ docId: info.id, type: info.type, scope: info.scope, heads, origin });
  }

  /**
   * Runs `fn` in one SQLite transaction. Nested calls join the outer transaction. When the
   * outermost transaction fails, documents changed inside it are dropped from memory (they
   * reload from disk) and no change event is emitted; on commit, events go to listeners.
   */
  transaction<R>(fn: () => R): R {
    this.#assertOpen();
    if (this.#depth > 0) {
      // A nested transaction is an SQLite savepoint: if it fails and the caller catches
      // the error, its writes are rolled back while the outer transaction goes on; the
      // documents it touched reload (from the outer transaction's view) and its events drop.
      // Only the documents changed inside the failed savepoint are dropped: the others are
      // exactly as the outer transaction left them (a busy box office would otherwise reload
      // its performance's documents after every refused sale in a group commit).
      this.#depth++;
      const eventsBefore = this.#pendingEvents.length;
      const changedHere = new Set<string>();
      this.#savepoints.push(changedHere);
      try {
        const result = this.db.transaction(fn)();
        this.#savepoints.pop();
        for (const id of changedHere) this.#savepoints.at(-1)?.add(id);
        return result;
      } catch (err) {
        this.#savepoints.pop();
        for (const id of changedHere) this.#cache.delete(id);
        this.#pendingEvents.length = eventsBefore;
        throw err;
      } finally {
        this.#depth--;
      }
    }
    this.#depth = 1;
    let result: R;
    try {
      result = this.db.transaction(() => {
        const r = fn();
        if (r instanceof Promise) throw new CallboardError('internal', 'Store transactions must be synchronous');
        return r;
      })();
    } catch (err) {
      for (const id of this.#touched) this.#cache.delete(id);
      this.#touched.clear();
      this.#pendingEvents = [];
      throw err;
    } finally {
      this.#depth = 0;
    }
    this.#touched.clear();
    const events = this.#pendingEvents;
    this.#pendingEvents = [];
    for (const event of events) {
      for (const listener of this.#listeners) {
        try {
          listener(event);
        } catch {
          // A listener's failure must not undo a committed change.
        }
      }
    }
    return result;
  }

  /**
   * Group commit: runs `fn` in a transaction shared with every other call queued during the
   * same turn of the event loop, so one fsync acknowledges many writes (a busy box office
   * sells far faster than one durable commit per sale allows). Each call is its own
   * savepoint: one that throws is rolled back alone and rejects alone; the rest commit
   * together, and every promise settles only after that commit.
   */
  transactionGrouped<R>(fn: () => R): Promise<R> {
    this.#assertOpen();
    return new Promise<R>((resolve, reject) => {
      if (!this.#group) {
        this.#group = [];
        setImmediate(() => this.#flushGroup());
      }
      this.#group.push({ fn, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  #flushGroup(): void {
    const group = this.#group ?? [];
    this.#group = undefined;
    if (this.#closed) {
      for (const item of group) item.reject(new CallboardError('unavailable', 'The store is closed'));
      return;
    }
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.transaction(() => {
        for (const item of group) {
          try {
            outcomes.push({ ok: true, value: this.transaction(item.fn) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const item of group) item.reject(error);
      return;
    }
    group.forEach((item, i) => {
      const o = outcomes[i]!;
      if (o.ok) item.resolve(o.value);
      else item.reject(o.error);
    });
  }

  /**
   * Tells listeners about a change that is not a document's (e.g. a new audit entry): after
   * the current transaction commits, or now when none is open.
   */
  notify(change: DocChange): void {
    this.#assertOpen();
    if (this.#depth > 0) {
      this.#pendingEvents.push(change);
      return;
    }
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure must not affect the caller.
      }
    }
  }

  subscribe(listener: ChangeListener): () => void {
    this.#assertOpen();
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ---- projections ------------------------------------------------------------------

  /**
   * Registers projections and brings them up to date: tables are created, a projection
   * whose version changed is rebuilt, and every document whose indexed heads differ from
   * its current heads is caught up from its patches.
   */
  registerProjections(projections: readonly Projection[]): void {
    this.#assertOpen();
    for (const p of projections) {
      if (this.#projections.some((q) => q.name === p.name)) {
        throw new CallboardError('internal', `Projection ${p.name} registered twice`);
      }
      this.#projections.push(p);
      this.db.transaction(() => p.setup(this.db))();
      const row = this.db.prepare('SELECT version FROM projection_versions WHERE name = ?').get(p.name) as
        | { version: number }
        | undefined;
      if (!row || row.version !== p.version) {
        this.#rebuildOne(p);
        this.db
          .prepare(
            'INSERT INTO projection_versions (name, version) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET version = excluded.version',
          )
          .run(p.name, p.version);
      }
    }
    this.catchUp();
  }

  get projections(): readonly Projection[] {
    return this.#projections;
  }

  /** Indexes every document whose projection state is behind its heads. Returns how many updates ran. */
  catchUp(): number {
    this.#assertOpen();
    let updates = 0;
    for (const p of this.#projections) {
      const placeholders = p.docTypes.map(() => '?').join(', ');
      const behind = this.db
        .prepare(
          `SELECT d.* FROM documents d LEFT JOIN projection_state s ON s.projection = ? AND s.doc_id = d.id
           WHERE d.type IN (${placeholders}) AND (s.heads IS NULL OR s.heads <> d.heads)`,
        )
        .all(p.name, ...p.docTypes) as DocRow[];
      for (const row of behind) {
        this.transaction(() => this.#projectOne(p, row.id, row.type, row.scope, this.doc(row.id)));
        updates++;
      }
    }
    return updates;
  }

  /** Empties and rebuilds every projection (or the named ones) from the documents. */
  reindex(options: { names?: string[]; onProgress?: (done: number, total: number) => void } = {}): { documents: number } {
    this.#assertOpen();
    const selected = this.#projections.filter((p) => !options.names || options.names.includes(p.name));
    let documents = 0;
    for (const p of selected) documents += this.#rebuildOne(p, options.onProgress);
    return { documents };
  }

  #rebuildOne(p: Projection, onProgress?: (done: number, total: number) => void): number {
    const placeholders = p.docTypes.map(() => '?').join(', ');
    const rows = this.db.prepare(`SELECT * FROM documents WHERE type IN (${placeholders}) ORDER BY id`).all(...p.docTypes) as DocRow[];
    this.db.transaction(() => {
      p.clear(this.db);
      this.db.prepare('DELETE FROM projection_state WHERE projection = ?').run(p.name);
      rows.forEach((row, i) => {
        this.#projectOne(p, row.id, row.type, row.scope, this.doc(row.id));
        onProgress?.(i + 1, rows.length);
      });
    })();
    return rows.length;
  }

  #project(id: string, type: string, scope: string, doc: A.Doc<unknown>): void {
    for (const p of this.#projections) {
      if (p.docTypes.includes(type)) this.#projectOne(p, id, type, scope, doc);
    }
  }

  #projectOne(p: Projection, id: string, type: string, scope: string, doc: A.Doc<unknown>): void {
    const state = this.#stmts.projState.get(p.name, id);
    let fromHeads = state ? (JSON.parse(state.heads) as A.Heads) : null;
    if (fromHeads && !A.hasHeads(doc, fromHeads)) {
      // The history was rewritten (rewriteDocument): derive this document's rows afresh.
      p.remove?.(this.db, id);
      fromHeads = null;
    }
    const heads = A.getHeads(doc);
    if (fromHeads && sameHeads(fromHeads, heads)) return;
    // Patches are computed only for projections that read them: a diff over a large merge
    // costs tens of ms, and projections that re-derive a document's rows never need it.
    let patches: A.Patch[] | undefined;
    const diffFrom = fromHeads ?? [];
    const update: ProjectionUpdate = {
      docId: id,
      type,
      scope,
      doc,
      fromHeads,
      get patches() {
        patches ??= A.diff(doc, diffFrom, heads);
        return patches;
      },
    };
    p.apply(this.db, update);
    this.#stmts.setProjState.run(p.name, id, JSON.stringify(heads));
  }

  // ---- lifecycle --------------------------------------------------------------------

  /** Forgets loaded documents (they reload from disk on next use). */
  evict(id?: string): void {
    if (id === undefined) this.#cache.clear();
    else this.#cache.delete(id);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#cache.clear();
    this.#listeners.clear();
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }
}
