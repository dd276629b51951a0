import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAll, sha256, type BlobHash, type BlobStore } from '../../../core/media/blob-store.ts';
import { CallboardError } from '../../../core/errors.ts';

/**
 * The conformance suite every BlobStore passes (STYLE item 6). `make` returns a fresh,
 * empty store; `cleanup` runs after each test.
 */
export function runBlobStoreConformance(label: string, make: () => Promise<BlobStore>, cleanup: () => Promise<void> = async () => {}): void {
  describe(`BlobStore conformance: ${label}`, () => {
    let store: BlobStore;
    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      await store.close?.();
      await cleanup();
    });

    const bytes = (text: string) => Buffer.from(text, 'utf8');
    const chunks = (buf: Buffer, size: number) => {
      const out: Buffer[] = [];
      for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
      return Readable.from(out);
    };
    const all = async () => {
      const out: string[] = [];
      for await (const h of store.list()) out.push(h);
      return out.sort();
    };

    it('puts bytes under their SHA-256 and gets them back', async () => {
      const data = bytes('Into the Woods, Act 2');
      const info = await store.put(Readable.from([data]));
      expect(info).toEqual({ hash: sha256(data), size: data.length });
      expect(await readAll(await store.get(info.hash))).toEqual(data);
      expect(await store.has(info.hash)).toBe(true);
      expect(await store.stat(info.hash)).toEqual({ hash: info.hash, size: data.length });
    });

    it('hashes streams of any chunking to the same name (property)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 3000 }), fc.integer({ min: 1, max: 700 }), async (arr, size) => {
          const buf = Buffer.from(arr);
          const info = await store.put(chunks(buf, size));
          expect(info.hash).toBe(sha256(buf));
          expect(await readAll(await store.get(info.hash))).toEqual(buf);
        }),
        { numRuns: 15 },
      );
    });

    it('stores an empty blob', async () => {
      const info = await store.put(Readable.from([]));
      expect(info.size).toBe(0);
      expect((await readAll(await store.get(info.hash))).length).toBe(0);
    });

    it('stores the same bytes once (idempotent put)', async () => {
      const data = bytes('poster');
      const a = await store.put(Readable.from([data]));
      const b = await store.put(Readable.from([data]));
      expect(a).toEqual(b);
      expect(await all()).toEqual([a.hash]);
    });

    it('refuses bytes that do not match the expected hash and keeps nothing', async () => {
      const wrong = sha256(bytes('something else'));
      const err = await store.put(Readable.from([bytes('actual bytes')]), { expectedHash: wrong }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CallboardError);
      expect((err as CallboardError).code).toBe('invalid');
      expect(await all()).toEqual([]);
      expect(await store.has(sha256(bytes('actual bytes')))).toBe(false);
    });

    it('keeps nothing when the source stream fails midway', async () => {
      async function* failing() {
        yield bytes('half of a photo');
        throw new Error('connection dropped');
      }
      await expect(store.put(failing())).rejects.toThrow();
      expect(await all()).toEqual([]);
    });

    it('answers not_found for an absent hash and false/undefined for has/stat/delete', async () => {
      const absent = sha256(bytes('never stored')) as BlobHash;
      const err = await store.get(absent).catch((e: unknown) => e);
      expect((err as CallboardError).code).toBe('not_found');
      expect(await store.has(absent)).toBe(false);
      expect(await store.stat(absent)).toBeUndefined();
      expect(await store.delete(absent)).toBe(false);
    });

    it('deletes a blob', async () => {
      const info = await store.put(Readable.from([bytes('rehearsal')]));
      expect(await store.delete(info.hash)).toBe(true);
      expect(await store.has(info.hash)).toBe(false);
      expect(await all()).toEqual([]);
    });

    it('lists every stored hash exactly once', async () => {
      const hashes = [];
      for (let i = 0; i < 12; i++) hashes.push((await store.put(Readable.from([bytes(`photo ${i}`)]))).hash);
      expect(await all()).toEqual([...hashes].sort());
    });

    it('stores a blob larger than one multipart part (6 MiB)', async () => {
      const big = Buffer.alloc(6 * 1024 * 1024);
      for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
      const info = await store.put(chunks(big, 256 * 1024));
      expect(info).toEqual({ hash: sha256(big), size: big.length });
      expect(sha256(await readAll(await store.get(info.hash)))).toBe(info.hash);
    });
  });
}
