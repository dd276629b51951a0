import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../clock.ts';
import type { SqliteDatabase } from '../store/database.ts';
import { hashStream, isBlobHash, isLocalBlobStore, type BlobHash, type BlobStore } from './blob-store.ts';
import { mediaScope } from './documents.ts';
import { trackedHashes } from './queries.ts';

/** The bytes of one chunk and the blob's whole size (the shape core/sync/blob-exchange.ts uses). */
export interface Chunk {
  data: Buffer;
  size: number;
}

/** A connected peer (structurally core/sync/blob-exchange.ts's BlobPeer: media does not import sync). */
export interface BlobSource {
  readonly deviceId: string;
  readonly name: string;
  mayView(scope: string): boolean;
  fetch(hash: string, offset: number): Promise<Chunk | null>;
}

export interface BlobTransferStatus {
  /** Blobs that assets here refer to and this device does not hold yet. */
  missing: number;
  /** Bytes of those still to fetch, where known (a partial transfer counts what is left). */
  peers: number;
  /** The blob being fetched now. */
  current: { hash: string; bytes: number; size: number; from: string } | null;
  fetched: number;
  bytesFetched: number;
  failed: number;
  lastError: string | null;
  lastFetchedAt: number | null;
}

/**
 * Media bytes between devices over peer sync. Serving: a peer gets a chunk of a blob only if
 * an asset it may view refers to it. Fetching: every blob an asset here refers to and this
 * device lacks is fetched from a connected peer, one chunk at a time (bounded memory), into
 * `<dir>/<hash>.part` (so a transfer cut off resumes from the bytes already here), then
 * hashed and moved into the blob store only if it matches its name. Transfer state belongs
 * to this replica, so it lives in memory and in the part files, never in a document.
 */
export class BlobSync {
  readonly #db: SqliteDatabase;
  readonly #clock: Clock;
  readonly #blobs: () => BlobStore;
  readonly #dir: string;
  readonly #onFetched: (hash: BlobHash, from: string) => void;
  readonly #peers = new Set<BlobSource>();
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  readonly #status: BlobTransferStatus = { missing: 0, peers: 0, current: null, fetched: 0, bytesFetched: 0, failed: 0, lastError: null, lastFetchedAt: null };

  constructor(options: { db: SqliteDatabase; clock: Clock; blobs: () => BlobStore; dir: string; onFetched: (hash: BlobHash, from: string) => void }) {
    this.#db = options.db;
    this.#clock = options.clock;
    this.#blobs = options.blobs;
    this.#dir = options.dir;
    this.#onFetched = options.onFetched;
  }

  // ---- serving ------------------------------------------------------------------------

  async read(peer: BlobSource, hash: string, offset: number, max: number): Promise<Chunk | null> {
    if (!isBlobHash(hash)) return null;
    const productions = this.#db
      .prepare('SELECT DISTINCT production_id FROM media_assets WHERE hash = ? UNION SELECT DISTINCT production_id FROM media_assets WHERE poster = ?')
      .pluck()
      .all(hash, hash) as string[];
    if (!productions.some((p) => peer.mayView(mediaScope(p)))) return null;
    return readRange(this.#blobs(), hash, offset, max);
  }

  // ---- fetching -----------------------------------------------------------------------

  peerReady(peer: BlobSource): void {
    this.#peers.add(peer);
    this.kick();
  }

  peerGone(peer: BlobSource): void {
    this.#peers.delete(peer);
  }

  /** Media records changed (e.g. arrived from a peer): look for blobs to fetch, if a peer is connected. */
  docsArrived(docId: string): void {
    if (docId.startsWith('media:') && this.#peers.size > 0) this.kick();
  }

  status(): BlobTransferStatus {
    return { ...this.#status, peers: this.#peers.size, current: this.#status.current ? { ...this.#status.current } : null };
  }

  /** Hashes assets here refer to that the blob store lacks. */
  async missing(): Promise<BlobHash[]> {
    const store = this.#blobs();
    const out: BlobHash[] = [];
    for (const h of [...trackedHashes(this.#db)].sort()) {
      if (isBlobHash(h) && !(await store.has(h))) out.push(h);
    }
    return out;
  }

  /** Looks for missing blobs and fetches them from connected peers (one loop at a time). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = null;
    });
  }

  /** Resolves when no fetch loop runs (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  stop(): void {
    this.#stopped = true;
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      let missing: BlobHash[];
      try {
        missing = await this.missing();
      } catch (err) {
        this.#status.lastError = (err as Error).message;
        return;
      }
      this.#status.missing = missing.length;
      for (const hash of missing) {
        if (this.#stopped || this.#peers.size === 0) return;
        for (const peer of [...this.#peers]) {
          if (await this.#fetchFrom(peer, hash)) {
            this.#status.missing = Math.max(0, this.#status.missing - 1);
            break;
          }
        }
      }
    } while (this.#again && !this.#stopped);
  }

  #partFile(hash: string): string {
    return path.join(this.#dir, `${hash}.part`);
  }

  /** Fetches one blob from one peer; true once it is in the store. */
  async #fetchFrom(peer: BlobSource, hash: BlobHash): Promise<boolean> {
    await fsp.mkdir(this.#dir, { recursive: true });
    const part = this.#partFile(hash);
    let offset = (await fsp.stat(part).catch(() => undefined))?.size ?? 0;
    this.#status.current = { hash, bytes: offset, size: 0, from: peer.name };
    try {
      for (;;) {
        const chunk = await peer.fetch(hash, offset);
        if (!chunk) return false;
        if (offset > chunk.size) {
          // A part file longer than the blob: start again.
          await fsp.rm(part, { force: true });
          offset = 0;
          continue;
        }
        this.#status.current = { hash, bytes: offset, size: chunk.size, from: peer.name };
        if (chunk.data.byteLength > 0) {
          await fsp.appendFile(part, chunk.data);
          offset += chunk.data.byteLength;
          this.#status.bytesFetched += chunk.data.byteLength;
          this.#status.current.bytes = offset;
        }
        if (offset >= chunk.size) break;
        if (chunk.data.byteLength === 0) return false; // a peer that sends nothing: try another
      }
      // Whole: check it against its name before it enters the store.
      const got = await hashStream(fs.createReadStream(part));
      if (got.hash !== hash) {
        await fsp.rm(part, { force: true });
        this.#status.failed++;
        this.#status.lastError = `The copy of ${hash.slice(0, 12)}… from ${peer.name} does not match its hash; discarded`;
        return false;
      }
      const store = this.#blobs();
      if (isLocalBlobStore(store)) await store.adoptFile(part, hash, got.size);
      else {
        await store.put(fs.createReadStream(part), { expectedHash: hash });
        await fsp.rm(part, { force: true });
      }
      this.#status.fetched++;
      this.#status.lastFetchedAt = this.#clock.now();
      this.#onFetched(hash, peer.name);
      return true;
    } catch (err) {
      // The connection closed (the part file stays: the next peer or connection resumes it) or the store failed.
      this.#status.lastError = `${hash.slice(0, 12)}… from ${peer.name}: ${(err as Error).message}`;
      return false;
    } finally {
      this.#status.current = null;
    }
  }
}

/** Up to `max` bytes of a blob from `offset` (null when the store does not hold it). */
export async function readRange(store: BlobStore, hash: BlobHash, offset: number, max: number): Promise<Chunk | null> {
  const info = await store.stat(hash);
  if (!info) return null;
  const want = Math.max(0, Math.min(max, info.size - offset));
  if (isLocalBlobStore(store)) {
    const fh = await fsp.open(store.pathOf(hash), 'r');
    try {
      const buf = Buffer.alloc(want);
      const { bytesRead } = await fh.read(buf, 0, want, offset);
      return { data: buf.subarray(0, bytesRead), size: info.size };
    } finally {
      await fh.close();
    }
  }
  // Other backends: stream and skip to the offset (S3 could use a ranged GET; chunks are read in order).
  const parts: Buffer[] = [];
  let pos = 0;
  let got = 0;
  const stream = await store.get(hash);
  for await (const c of stream as AsyncIterable<Buffer>) {
    const b = Buffer.from(c);
    const start = Math.max(0, offset - pos);
    pos += b.byteLength;
    if (start >= b.byteLength) continue;
    const slice = b.subarray(start, start + (want - got));
    parts.push(slice);
    got += slice.byteLength;
    if (got >= want) break;
  }
  stream.destroy();
  return { data: Buffer.concat(parts), size: info.size };
}
