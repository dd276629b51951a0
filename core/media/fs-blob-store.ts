import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { CallboardError } from '../errors.ts';
import {
  asAsyncIterable,
  isBlobHash,
  missingBlob,
  mismatch,
  type BlobHash,
  type BlobInfo,
  type BlobSource,
  type LocalBlobStore,
  type PutOptions,
} from './blob-store.ts';

/**
 * The default blob store: files under `<root>/ab/cd/<hash>` (two levels of fan-out keep
 * directories small at millions of blobs). A put writes a temp file in `<root>/tmp`,
 * hashing as it goes, fsyncs it, renames it into place (atomic on one filesystem) and
 * fsyncs the directory, so a crash leaves either the whole blob or nothing under its name.
 */
export class FsBlobStore implements LocalBlobStore {
  readonly root: string;
  readonly name: string;
  readonly #tmp: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.name = `filesystem ${this.root}`;
    this.#tmp = path.join(this.root, 'tmp');
  }

  pathOf(hash: BlobHash): string {
    return path.join(this.root, hash.slice(0, 2), hash.slice(2, 4), hash);
  }

  #tempPath(): string {
    fs.mkdirSync(this.#tmp, { recursive: true });
    return path.join(this.#tmp, `${randomBytes(8).toString('hex')}.part`);
  }

  async put(source: BlobSource, options: PutOptions = {}): Promise<BlobInfo> {
    const tmp = this.#tempPath();
    const h = createHash('sha256');
    let size = 0;
    const fh = await fsp.open(tmp, 'wx', 0o600);
    try {
      try {
        for await (const chunk of asAsyncIterable(source)) {
          h.update(chunk);
          size += chunk.byteLength;
          await fh.write(chunk);
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
      const hash = h.digest('hex') as BlobHash;
      if (options.expectedHash && options.expectedHash !== hash) throw mismatch(options.expectedHash, hash);
      return await this.#moveIn(tmp, hash, size);
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }

  async adoptFile(file: string, hash: BlobHash, size: number): Promise<BlobInfo> {
    return this.#moveIn(file, hash, size);
  }

  async #moveIn(file: string, hash: BlobHash, size: number): Promise<BlobInfo> {
    const dest = this.pathOf(hash);
    const existing = await this.stat(hash);
    if (existing && existing.size === size) {
      await fsp.rm(file, { force: true });
      return existing;
    }
    const dir = path.dirname(dest);
    await fsp.mkdir(dir, { recursive: true });
    try {
      await fsp.rename(file, dest);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      // Another filesystem (an upload folder elsewhere): copy to a temp file beside the destination, then rename.
      const tmp = this.#tempPath();
      await fsp.copyFile(file, tmp);
      const fh = await fsp.open(tmp, 'r+');
      await fh.sync();
      await fh.close();
      await fsp.rename(tmp, dest);
      await fsp.rm(file, { force: true });
    }
    await syncDir(dir);
    return { hash, size };
  }

  async get(hash: BlobHash): Promise<Readable> {
    const file = this.pathOf(hash);
    try {
      const fh = await fsp.open(file, 'r');
      return fh.createReadStream();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw missingBlob(hash, this.name);
      throw err;
    }
  }

  async has(hash: BlobHash): Promise<boolean> {
    return (await this.stat(hash)) !== undefined;
  }

  async stat(hash: BlobHash): Promise<BlobInfo | undefined> {
    try {
      const s = await fsp.stat(this.pathOf(hash));
      return s.isFile() ? { hash, size: s.size } : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async delete(hash: BlobHash): Promise<boolean> {
    try {
      await fsp.unlink(this.pathOf(hash));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  async *list(): AsyncIterable<BlobHash> {
    for (const a of await readdirOrEmpty(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(a)) continue;
      for (const b of await readdirOrEmpty(path.join(this.root, a))) {
        if (!/^[0-9a-f]{2}$/.test(b)) continue;
        for (const name of await readdirOrEmpty(path.join(this.root, a, b))) {
          if (isBlobHash(name) && name.startsWith(a + b)) yield name;
        }
      }
    }
  }

  /** Files in `<root>` that are not where a blob would be (stray files, leftovers): for `verify`. */
  async strayFiles(): Promise<string[]> {
    const stray: string[] = [];
    for (const a of await readdirOrEmpty(this.root)) {
      if (a === 'tmp') continue;
      if (!/^[0-9a-f]{2}$/.test(a)) {
        stray.push(a);
        continue;
      }
      for (const b of await readdirOrEmpty(path.join(this.root, a))) {
        if (!/^[0-9a-f]{2}$/.test(b)) {
          stray.push(path.join(a, b));
          continue;
        }
        for (const name of await readdirOrEmpty(path.join(this.root, a, b))) {
          if (!(isBlobHash(name) && name.startsWith(a + b))) stray.push(path.join(a, b, name));
        }
      }
    }
    return stray;
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return (await fsp.readdir(dir)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await fsp.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
    if (!['EISDIR', 'EINVAL', 'EPERM'].includes((err as NodeJS.ErrnoException).code ?? '')) {
      throw new CallboardError('internal', `Could not sync ${dir}`, undefined, { cause: err });
    }
  }
}
