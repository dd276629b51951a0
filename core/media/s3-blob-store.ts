import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { CallboardError } from '../errors.ts';
import { asAsyncIterable, isBlobHash, missingBlob, mismatch, type BlobHash, type BlobInfo, type BlobSource, type BlobStore, type PutOptions } from './blob-store.ts';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix, e.g. `riverside/blobs/` (default `blobs/`). */
  prefix?: string;
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
  /** Explicit credentials (tests); otherwise the AWS SDK's default chain (env, profile…). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Where bytes are spooled while being hashed before upload (default the OS temp folder). */
  tmpDir?: string;
  /** A ready client (tests); options above are then ignored except bucket/prefix. */
  client?: S3Client;
}

/**
 * Blobs in an S3-compatible bucket under `<prefix>ab/cd/<hash>`. S3 names an object before
 * its bytes arrive, and the name is the hash, so `put` spools the stream to a temp file
 * while hashing it, then uploads it (multipart for large files through lib-storage): a
 * reader never sees an object whose bytes differ from its name.
 */
export class S3BlobStore implements BlobStore {
  readonly name: string;
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #tmpDir: string;
  readonly #ownsClient: boolean;

  constructor(options: S3BlobStoreOptions) {
    this.#bucket = options.bucket;
    this.#prefix = options.prefix ?? 'blobs/';
    this.#tmpDir = options.tmpDir ?? os.tmpdir();
    this.name = `s3 ${options.bucket}/${this.#prefix}`;
    this.#ownsClient = !options.client;
    const config: S3ClientConfig = {
      region: options.region ?? 'us-east-1',
      forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
      // Compatible servers differ in their support of the newer default checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    if (options.endpoint) config.endpoint = options.endpoint;
    if (options.credentials) config.credentials = options.credentials;
    this.#client = options.client ?? new S3Client(config);
  }

  #key(hash: BlobHash): string {
    return `${this.#prefix}${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`;
  }

  async put(source: BlobSource, options: PutOptions = {}): Promise<BlobInfo> {
    await fsp.mkdir(this.#tmpDir, { recursive: true });
    const tmp = path.join(this.#tmpDir, `cb-s3-${randomBytes(8).toString('hex')}.part`);
    const h = createHash('sha256');
    let size = 0;
    try {
      const fh = await fsp.open(tmp, 'wx', 0o600);
      try {
        for await (const chunk of asAsyncIterable(source)) {
          h.update(chunk);
          size += chunk.byteLength;
          await fh.write(chunk);
        }
      } finally {
        await fh.close();
      }
      const hash = h.digest('hex') as BlobHash;
      if (options.expectedHash && options.expectedHash !== hash) throw mismatch(options.expectedHash, hash);
      const existing = await this.stat(hash);
      if (existing && existing.size === size) return existing;
      await this.#send(async () => {
        const upload = new Upload({
          client: this.#client,
          params: {
            Bucket: this.#bucket,
            Key: this.#key(hash),
            Body: fs.createReadStream(tmp),
            ContentLength: size,
            Metadata: { sha256: hash },
          },
        });
        await upload.done();
      });
      return { hash, size };
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }

  async get(hash: BlobHash): Promise<Readable> {
    try {
      const res = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key(hash) }));
      if (!res.Body) throw missingBlob(hash, this.name);
      return res.Body as Readable;
    } catch (err) {
      if (isNotFound(err)) throw missingBlob(hash, this.name);
      throw unavailable(this.name, err);
    }
  }

  async has(hash: BlobHash): Promise<boolean> {
    return (await this.stat(hash)) !== undefined;
  }

  async stat(hash: BlobHash): Promise<BlobInfo | undefined> {
    try {
      const res = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#key(hash) }));
      return { hash, size: res.ContentLength ?? 0 };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw unavailable(this.name, err);
    }
  }

  async delete(hash: BlobHash): Promise<boolean> {
    if (!(await this.has(hash))) return false;
    await this.#send(() => this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#key(hash) })));
    return true;
  }

  async *list(): AsyncIterable<BlobHash> {
    let token: string | undefined;
    do {
      const res = await this.#send(() =>
        this.#client.send(new ListObjectsV2Command({ Bucket: this.#bucket, Prefix: this.#prefix, ContinuationToken: token })),
      );
      for (const obj of res.Contents ?? []) {
        const name = obj.Key?.slice(obj.Key.lastIndexOf('/') + 1);
        if (name && isBlobHash(name) && obj.Key === this.#key(name)) yield name;
      }
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
  }

  async close(): Promise<void> {
    if (this.#ownsClient) this.#client.destroy();
  }

  async #send<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw unavailable(this.name, err);
    }
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

function unavailable(name: string, err: unknown): CallboardError {
  if (err instanceof CallboardError) return err;
  return new CallboardError('unavailable', `The media storage ${name} did not answer: ${(err as Error)?.message ?? String(err)}`, undefined, {
    cause: err,
  });
}
