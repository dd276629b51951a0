import type { Chunk, StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo/slim';
import type { SqliteDatabase } from './database.ts';
import { keyBytes, keyFromBytes, prefixRange } from './keys.ts';

/**
 * automerge-repo's storage adapter interface over one SQLite table. The synchronous
 * methods are what our own repo (./store.ts) uses inside its transactions; the async
 * interface wraps them for automerge-repo and its conformance suite. Ranges come back in
 * insertion order (as automerge-repo's suite expects), keys matched element by element.
 */
export class SqliteStorageAdapter implements StorageAdapterInterface {
  readonly #load;
  readonly #save;
  readonly #remove;
  readonly #loadRange;
  readonly #removeRange;

  constructor(readonly db: SqliteDatabase) {
    this.#load = db.prepare<[Buffer], { data: Buffer }>('SELECT data FROM chunks WHERE key = ?');
    this.#save = db.prepare<[Buffer, Buffer]>(
      'INSERT INTO chunks (key, data) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET data = excluded.data',
    );
    this.#remove = db.prepare<[Buffer]>('DELETE FROM chunks WHERE key = ?');
    this.#loadRange = db.prepare<[Buffer, Buffer], { key: Buffer; data: Buffer }>(
      'SELECT key, data FROM chunks WHERE key >= ? AND key < ? ORDER BY seq',
    );
    this.#removeRange = db.prepare<[Buffer, Buffer]>('DELETE FROM chunks WHERE key >= ? AND key < ?');
  }

  loadSync(key: StorageKey): Uint8Array | undefined {
    const row = this.#load.get(keyBytes(key));
    return row ? new Uint8Array(row.data) : undefined;
  }

  saveSync(key: StorageKey, data: Uint8Array): void {
    this.#save.run(keyBytes(key), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }

  removeSync(key: StorageKey): void {
    this.#remove.run(keyBytes(key));
  }

  loadRangeSync(prefix: StorageKey): Chunk[] {
    const { low, high } = prefixRange(prefix);
    return this.#loadRange.all(low, high).map((row) => ({ key: keyFromBytes(row.key), data: new Uint8Array(row.data) }));
  }

  removeRangeSync(prefix: StorageKey): void {
    const { low, high } = prefixRange(prefix);
    this.#removeRange.run(low, high);
  }

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    return this.loadSync(key);
  }

  async save(key: StorageKey, data: Uint8Array): Promise<void> {
    this.saveSync(key, data);
  }

  async remove(key: StorageKey): Promise<void> {
    this.removeSync(key);
  }

  async loadRange(prefix: StorageKey): Promise<Chunk[]> {
    return this.loadRangeSync(prefix);
  }

  async removeRange(prefix: StorageKey): Promise<void> {
    this.removeRangeSync(prefix);
  }
}
