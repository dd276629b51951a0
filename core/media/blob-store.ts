import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { CallboardError } from '../errors.ts';

/** A SHA-256 content hash: 64 lowercase hex digits. */
export type BlobHash = string & { readonly __blobHash: true };

const HASH_RE = /^[0-9a-f]{64}$/;

export function isBlobHash(value: unknown): value is BlobHash {
  return typeof value === 'string' && HASH_RE.test(value);
}

/** Validates a hash from outside (input, a file name, a key) or throws `invalid`. */
export function toBlobHash(value: string, field = 'hash'): BlobHash {
  if (!isBlobHash(value)) throw new CallboardError('invalid', `${field} must be a SHA-256 hash (64 lowercase hex digits)`, { field });
  return value;
}

export function sha256(bytes: Uint8Array): BlobHash {
  return createHash('sha256').update(bytes).digest('hex') as BlobHash;
}

export interface BlobInfo {
  hash: BlobHash;
  size: number;
}

/** What `put` accepts: a Node stream or any async iterable of byte chunks. */
export type BlobSource = Readable | AsyncIterable<Uint8Array>;

export interface PutOptions {
  /** When given, the bytes must hash to this value or nothing is stored (`invalid`). */
  expectedHash?: BlobHash;
}

/**
 * Content-addressed storage of media bytes. A blob's name is the SHA-256 of its bytes, so
 * storing the same bytes twice is a no-op and any replica holding a hash holds the same
 * bytes. Every implementation passes test/unit/media/blob-store-conformance.ts:
 *   - `put` stores atomically: a reader never sees a partial blob, a failed or mismatched
 *     put leaves nothing behind;
 *   - `get` of an absent hash throws `not_found`;
 *   - `delete` of an absent hash is a no-op returning false;
 *   - `list` yields every stored hash exactly once (order unspecified).
 */
export interface BlobStore {
  /** A short label for reports ("filesystem /data/blobs", "s3 bucket/prefix", "memory"). */
  readonly name: string;
  put(source: BlobSource, options?: PutOptions): Promise<BlobInfo>;
  get(hash: BlobHash): Promise<Readable>;
  has(hash: BlobHash): Promise<boolean>;
  stat(hash: BlobHash): Promise<BlobInfo | undefined>;
  delete(hash: BlobHash): Promise<boolean>;
  list(): AsyncIterable<BlobHash>;
  /** Releases clients and handles. */
  close?(): Promise<void>;
}

/**
 * A blob store whose bytes are local files: uploads are moved in by rename (no copy) and
 * verification reads files directly. The filesystem store implements it.
 */
export interface LocalBlobStore extends BlobStore {
  /** Moves a verified file into the store (atomic rename); the file must hash to `hash`. */
  adoptFile(file: string, hash: BlobHash, size: number): Promise<BlobInfo>;
  /** The file holding a blob (it may be missing or damaged: this only names it). */
  pathOf(hash: BlobHash): string;
}

export function isLocalBlobStore(store: BlobStore): store is LocalBlobStore {
  return typeof (store as Partial<LocalBlobStore>).adoptFile === 'function';
}

export function asAsyncIterable(source: BlobSource): AsyncIterable<Uint8Array> {
  return source as AsyncIterable<Uint8Array>;
}

/** Reads a whole blob into memory (for small blobs: thumbnails, tests). */
export async function readAll(stream: Readable | AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Hashes a stream without keeping it: for verification. */
export async function hashStream(stream: Readable | AsyncIterable<Uint8Array>, onBytes?: (n: number) => void): Promise<BlobInfo> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    h.update(chunk);
    size += chunk.byteLength;
    onBytes?.(chunk.byteLength);
  }
  return { hash: h.digest('hex') as BlobHash, size };
}

export function mismatch(expected: BlobHash, actual: BlobHash): CallboardError {
  return new CallboardError('invalid', `Checksum mismatch: expected ${expected}, the bytes hash to ${actual}`, {
    field: 'sha256',
    expected,
    actual,
  });
}

export function missingBlob(hash: string, where: string): CallboardError {
  return new CallboardError('not_found', `No blob ${hash} in ${where}`, { hash });
}

export function bufferSource(bytes: Uint8Array): Readable {
  return Readable.from([Buffer.from(bytes)]);
}
