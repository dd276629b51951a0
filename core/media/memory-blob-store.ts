import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { asAsyncIterable, missingBlob, mismatch, type BlobHash, type BlobInfo, type BlobSource, type BlobStore, type PutOptions } from './blob-store.ts';

/** The in-memory blob store: for tests and as the fake of the BlobStore interface. */
export class MemoryBlobStore implements BlobStore {
  readonly name: string;
  readonly #blobs = new Map<BlobHash, Buffer>();

  constructor(name = 'memory') {
    this.name = name;
  }

  async put(source: BlobSource, options: PutOptions = {}): Promise<BlobInfo> {
    const h = createHash('sha256');
    const chunks: Buffer[] = [];
    for await (const chunk of asAsyncIterable(source)) {
      h.update(chunk);
      chunks.push(Buffer.from(chunk));
    }
    const hash = h.digest('hex') as BlobHash;
    if (options.expectedHash && options.expectedHash !== hash) throw mismatch(options.expectedHash, hash);
    const bytes = Buffer.concat(chunks);
    if (!this.#blobs.has(hash)) this.#blobs.set(hash, bytes);
    return { hash, size: bytes.byteLength };
  }

  async get(hash: BlobHash): Promise<Readable> {
    const bytes = this.#blobs.get(hash);
    if (!bytes) throw missingBlob(hash, this.name);
    return Readable.from([bytes]);
  }

  async has(hash: BlobHash): Promise<boolean> {
    return this.#blobs.has(hash);
  }

  async stat(hash: BlobHash): Promise<BlobInfo | undefined> {
    const bytes = this.#blobs.get(hash);
    return bytes ? { hash, size: bytes.byteLength } : undefined;
  }

  async delete(hash: BlobHash): Promise<boolean> {
    return this.#blobs.delete(hash);
  }

  async *list(): AsyncIterable<BlobHash> {
    for (const hash of [...this.#blobs.keys()]) yield hash;
  }

  /** Test helper: replaces a blob's bytes without changing its name (simulates corruption). */
  corrupt(hash: BlobHash, bytes: Uint8Array): void {
    this.#blobs.set(hash, Buffer.from(bytes));
  }
}
