import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../core/media/blob-store.ts';
import { FsBlobStore } from '../../../core/media/fs-blob-store.ts';
import { MemoryBlobStore } from '../../../core/media/memory-blob-store.ts';
import { tempDir } from '../../fixtures/app.ts';
import { runBlobStoreConformance } from './blob-store-conformance.ts';

runBlobStoreConformance('memory', async () => new MemoryBlobStore());

let dirs: string[] = [];
runBlobStoreConformance(
  'filesystem',
  async () => {
    const dir = tempDir('cb-blobs-');
    dirs.push(dir);
    return new FsBlobStore(path.join(dir, 'blobs'));
  },
  async () => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    dirs = [];
  },
);

describe('FsBlobStore layout', () => {
  it('stores a blob at <root>/ab/cd/<hash> and leaves no temp file', async () => {
    const dir = tempDir('cb-blobs-');
    const store = new FsBlobStore(path.join(dir, 'blobs'));
    const data = Buffer.from('A Christmas Carol poster');
    const { hash } = await store.put(Readable.from([data]));
    expect(hash).toBe(sha256(data));
    const file = path.join(dir, 'blobs', hash.slice(0, 2), hash.slice(2, 4), hash);
    expect(store.pathOf(hash)).toBe(file);
    expect(fs.readFileSync(file)).toEqual(data);
    expect(fs.readdirSync(path.join(dir, 'blobs', 'tmp'))).toEqual([]);
    fs.writeFileSync(path.join(dir, 'blobs', 'stray.txt'), 'x');
    expect(await store.strayFiles()).toEqual(['stray.txt']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
