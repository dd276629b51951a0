import { createHash, randomBytes, type Hash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../clock.ts';
import { CallboardError } from '../errors.ts';
import type { SqliteDatabase } from '../store/database.ts';
import { isLocalBlobStore, mismatch, sha256, type BlobHash, type BlobStore } from './blob-store.ts';
import { probeFile, type Probe } from './probe.ts';

export interface UploadLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Largest chunk one request may carry. */
  maxChunkBytes: number;
  /** The chunk size clients are told to use. */
  chunkSize: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: 2 * 1024 * 1024 * 1024,
  maxChunkBytes: 16 * 1024 * 1024,
  chunkSize: 4 * 1024 * 1024,
};

export type UploadState = 'receiving' | 'stored' | 'failed';

export interface UploadSession {
  id: string;
  userId: string;
  productionId: string;
  filename: string;
  size: number;
  sha256: BlobHash;
  received: number;
  state: UploadState;
  error: string | null;
  probe: Probe | null;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  user_id: string;
  production_id: string;
  filename: string;
  size: number;
  sha256: string;
  received: number;
  state: UploadState;
  error: string | null;
  probe: string | null;
  created_at: number;
  updated_at: number;
}

function fromRow(r: Row): UploadSession {
  return {
    id: r.id,
    userId: r.user_id,
    productionId: r.production_id,
    filename: r.filename,
    size: r.size,
    sha256: r.sha256 as BlobHash,
    received: r.received,
    state: r.state,
    error: r.error,
    probe: r.probe ? (JSON.parse(r.probe) as Probe) : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface ChunkResult {
  uploadId: string;
  received: number;
  size: number;
  complete: boolean;
  probe: Probe | null;
}

/**
 * Resumable chunked uploads. A session is begun by a procedure (`media.beginUpload`, which
 * checks `media.upload`), chunks are appended at the session's current offset after their
 * own SHA-256 is checked, the whole file is hashed as it arrives, and once the last byte
 * is in, the file is verified against the declared hash, typed by its content and moved
 * into the blob store. Only then can `media.completeUpload` register the asset: an upload
 * that is interrupted, mismatched or refused never leaves an asset record.
 */
export class UploadManager {
  readonly dir: string;
  readonly limits: UploadLimits;
  readonly #db: SqliteDatabase;
  readonly #clock: Clock;
  readonly #blobs: () => BlobStore;
  readonly #hashes = new Map<string, { hash: Hash; at: number }>();
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(options: { db: SqliteDatabase; clock: Clock; dir: string; blobs: () => BlobStore; limits?: Partial<UploadLimits> }) {
    this.#db = options.db;
    this.#clock = options.clock;
    this.dir = options.dir;
    this.#blobs = options.blobs;
    this.limits = { ...DEFAULT_UPLOAD_LIMITS, ...options.limits };
  }

  #file(id: string): string {
    return path.join(this.dir, `${id}.part`);
  }

  /** Creates a session (synchronous: runs inside the `media.beginUpload` transaction). */
  begin(input: { userId: string; productionId: string; filename: string; size: number; sha256: BlobHash }): UploadSession {
    if (input.size <= 0) throw new CallboardError('invalid', 'size: the file is empty', { field: 'size' });
    if (input.size > this.limits.maxBytes) {
      throw new CallboardError('too_large', `size: the file is ${input.size} bytes; the limit is ${this.limits.maxBytes}`, {
        field: 'size',
        limit: this.limits.maxBytes,
      });
    }
    const id = `upl-${randomBytes(10).toString('hex')}`;
    const now = this.#clock.now();
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(this.#file(id), new Uint8Array(0), { flag: 'wx', mode: 0o600 });
    this.#db
      .prepare(
        `INSERT INTO media_uploads (id, user_id, production_id, filename, size, sha256, received, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 0, 'receiving', ?, ?)`,
      )
      .run(id, input.userId, input.productionId, input.filename, input.size, input.sha256, now, now);
    return this.get(id)!;
  }

  get(id: string): UploadSession | undefined {
    const row = this.#db.prepare('SELECT * FROM media_uploads WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** The session if it exists and belongs to `userId`; otherwise not_found (never revealing others' sessions). */
  own(userId: string, id: string): UploadSession {
    const s = this.get(id);
    if (!s || s.userId !== userId) throw new CallboardError('not_found', `No upload ${id} of yours`, { field: 'uploadId' });
    return s;
  }

  listFor(userId: string): UploadSession[] {
    return (this.#db.prepare('SELECT * FROM media_uploads WHERE user_id = ? ORDER BY created_at, id').all(userId) as Row[]).map(fromRow);
  }

  /** Appends one chunk at `offset` (which must be where the session stands). */
  async writeChunk(input: { userId: string; uploadId: string; offset: number; bytes: Uint8Array; sha256?: string }): Promise<ChunkResult> {
    return this.#serialize(input.uploadId, () => this.#writeChunk(input));
  }

  async #serialize<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.#locks.get(id) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    this.#locks.set(id, next);
    try {
      return await next;
    } finally {
      if (this.#locks.get(id) === next) this.#locks.delete(id);
    }
  }

  async #writeChunk(input: { userId: string; uploadId: string; offset: number; bytes: Uint8Array; sha256?: string }): Promise<ChunkResult> {
    const s = this.own(input.userId, input.uploadId);
    if (s.state === 'failed') throw new CallboardError('conflict', `Upload ${s.id} failed: ${s.error ?? 'unknown error'}; begin again`, { field: 'uploadId' });
    if (s.state === 'stored') return { uploadId: s.id, received: s.size, size: s.size, complete: true, probe: s.probe };
    if (input.bytes.byteLength === 0) throw new CallboardError('invalid', 'chunk: empty chunk', { field: 'chunk' });
    if (input.bytes.byteLength > this.limits.maxChunkBytes) {
      throw new CallboardError('too_large', `chunk: over the ${this.limits.maxChunkBytes} byte limit`, { field: 'chunk', limit: this.limits.maxChunkBytes });
    }
    if (input.sha256 === undefined) throw new CallboardError('invalid', 'chunk: the chunk checksum (x-chunk-sha256) is required', { field: 'sha256' });
    const actual = sha256(input.bytes);
    if (input.sha256 !== actual) {
      throw new CallboardError('invalid', `chunk: checksum mismatch (expected ${input.sha256}, got ${actual}); resend the chunk`, { field: 'sha256' });
    }
    const received = await this.#reconcile(s);
    if (input.offset !== received) {
      throw new CallboardError('conflict', `offset: the upload stands at ${received}, not ${input.offset}; resume from ${received}`, {
        field: 'offset',
        received,
      });
    }
    if (received + input.bytes.byteLength > s.size) {
      throw new CallboardError('invalid', `chunk: ${received + input.bytes.byteLength} bytes is more than the declared ${s.size}`, { field: 'chunk' });
    }
    const fh = await fsp.open(this.#file(s.id), 'r+');
    try {
      await fh.write(input.bytes, 0, input.bytes.byteLength, received);
      await fh.sync();
    } finally {
      await fh.close();
    }
    const state = this.#hashState(s.id, received);
    state.hash.update(input.bytes);
    state.at = received + input.bytes.byteLength;
    this.#db.prepare('UPDATE media_uploads SET received = ?, updated_at = ? WHERE id = ?').run(state.at, this.#clock.now(), s.id);
    if (state.at < s.size) return { uploadId: s.id, received: state.at, size: s.size, complete: false, probe: null };
    const probe = await this.#finish(s, state.hash.digest('hex') as BlobHash);
    this.#hashes.delete(s.id);
    return { uploadId: s.id, received: s.size, size: s.size, complete: true, probe };
  }

  #hashState(id: string, at: number): { hash: Hash; at: number } {
    const cur = this.#hashes.get(id);
    if (cur && cur.at === at) return cur;
    throw new CallboardError('internal', `hash state of ${id} lost`);
  }

  /** Makes the temp file, the recorded offset and the running hash agree (after a restart or a torn write). */
  async #reconcile(s: UploadSession): Promise<number> {
    const cur = this.#hashes.get(s.id);
    if (cur && cur.at === s.received) return s.received;
    const file = this.#file(s.id);
    let length = 0;
    try {
      length = (await fsp.stat(file)).size;
    } catch {
      await fsp.mkdir(this.dir, { recursive: true });
      await fsp.writeFile(file, new Uint8Array(0));
    }
    const at = Math.min(length, s.received);
    if (length !== at) await fsp.truncate(file, at);
    const hash = createHash('sha256');
    if (at > 0) {
      for await (const chunk of fs.createReadStream(file, { end: at - 1 })) hash.update(chunk as Buffer);
    }
    this.#hashes.set(s.id, { hash, at });
    if (at !== s.received) this.#db.prepare('UPDATE media_uploads SET received = ? WHERE id = ?').run(at, s.id);
    return at;
  }

  async #finish(s: UploadSession, actual: BlobHash): Promise<Probe> {
    const file = this.#file(s.id);
    try {
      if (actual !== s.sha256) throw mismatch(s.sha256, actual);
      const probe = await probeFile(file, s.filename);
      const blobs = this.#blobs();
      if (isLocalBlobStore(blobs)) await blobs.adoptFile(file, actual, s.size);
      else await blobs.put(fs.createReadStream(file), { expectedHash: actual });
      await fsp.rm(file, { force: true });
      this.#db
        .prepare("UPDATE media_uploads SET state = 'stored', probe = ?, updated_at = ? WHERE id = ?")
        .run(JSON.stringify(probe), this.#clock.now(), s.id);
      return probe;
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      await fsp.rm(file, { force: true });
      this.#db.prepare("UPDATE media_uploads SET state = 'failed', error = ?, updated_at = ? WHERE id = ?").run(message, this.#clock.now(), s.id);
      throw err;
    }
  }

  /** The current offset to resume from (reconciling the temp file first). */
  async resumeOffset(userId: string, id: string): Promise<number> {
    return this.#serialize(id, async () => {
      const s = this.own(userId, id);
      return s.state === 'receiving' ? this.#reconcile(s) : s.state === 'stored' ? s.size : 0;
    });
  }

  /** Drops a session and its temp file (synchronous: inside a mutation). */
  discard(id: string): void {
    this.#db.prepare('DELETE FROM media_uploads WHERE id = ?').run(id);
    this.#hashes.delete(id);
    fs.rmSync(this.#file(id), { force: true });
  }

  /** Sessions untouched for `maxAgeMs`, and their files, are removed. Returns how many. */
  expire(maxAgeMs: number): number {
    const cutoff = this.#clock.now() - maxAgeMs;
    const ids = this.#db.prepare('SELECT id FROM media_uploads WHERE updated_at < ?').pluck().all(cutoff) as string[];
    for (const id of ids) this.discard(id);
    return ids.length;
  }
}
