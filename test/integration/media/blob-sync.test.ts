import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { startSyncServer, type RunningSyncServer } from '../../../core/daemon/sync-server.ts';
import { readAll, type BlobHash, type BlobStore } from '../../../core/media/blob-store.ts';
import { BlobSync, readRange, type BlobSource, type Chunk } from '../../../core/media/blob-sync.ts';
import { FsBlobStore } from '../../../core/media/fs-blob-store.ts';
import { MemoryBlobStore } from '../../../core/media/memory-blob-store.ts';
import { syncWith } from '../../../core/sync/network.ts';
import { tempDir } from '../../fixtures/app.ts';
import { call, company, emptyReplica, type Company, type Replica } from '../../unit/sync/harness.ts';
import { addProduction, jpeg, sha, upload } from './helpers.ts';

let c: Company | undefined;
const servers: RunningSyncServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const r of c ? [c.hub, ...c.replicas] : []) if (!r.app.store.closed) await r.app.services.media.idle();
  c?.cleanup();
  c = undefined;
});

/** A photo of noise: JPEG barely compresses it, so it spans several 1 MiB chunks. */
async function bigPhoto(seed: number): Promise<Buffer> {
  const w = 1600;
  const h = 1200;
  const raw = Buffer.alloc(w * h * 3);
  let x = seed * 2654435761;
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    raw[i] = x >>> 24;
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 100 }).toBuffer();
}

async function photographer(c: Company, production: string): Promise<string> {
  await call(c.hub, c.admin, 'roles.create', { id: 'woods-photographer', name: 'Woods photographer' });
  await call(c.hub, c.admin, 'grants.add', { roleId: 'woods-photographer', action: 'view', scope: `media:${production}` });
  await call(c.hub, c.admin, 'grants.add', { roleId: 'woods-photographer', action: 'media.upload', scope: `media:${production}` });
  const u = await call<{ id: string }>(c.hub, c.admin, 'users.create', { name: 'Tomás Ruiz', email: 'tomas@example.org', roles: ['woods-photographer'] });
  return u.id;
}

async function enrollOverTls(c: Company, name: string, userId: string, url: string): Promise<Replica> {
  const r = await emptyReplica(c, name);
  const invite = await call<{ code: string }>(c.hub, c.admin, 'sync.invites.create', { user: userId });
  (await syncWith(r.app.services.sync, url, { enrollCode: invite.code, via: 'daemon' })).session.close();
  return r;
}

type Transfers = { missing: number; missingBytes: number; fetched: number; bytesFetched: number; failed: number; peers: number };

describe('media bytes travel between devices over peer sync', () => {
  it('a laptop fetches the blobs of the assets it syncs, verified, over loopback TLS, and shows what is left', async () => {
    c = await company();
    addProduction(c.t, 'woods', 'Into the Woods');
    addProduction(c.t, 'carol', 'A Christmas Carol');
    const tomas = await photographer(c, 'woods');
    const big = await bigPhoto(1);
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
    const small = await jpeg({ color: '#225533' });
    const other = await jpeg({ color: '#aa2211' });
    await upload(c.t, 'woods', 'witch.jpg', big, { title: 'The Witch', alt: 'The Witch in green' });
    await upload(c.t, 'woods', 'baker.jpg', small, { title: 'The Baker' });
    await upload(c.t, 'carol', 'scrooge.jpg', other, { title: 'Scrooge' });
    await c.hub.app.services.media.idle();

    const hub = await startSyncServer({ app: c.hub.app, host: '127.0.0.1', port: 0, log: () => undefined });
    servers.push(hub);
    const laptop = await enrollOverTls(c, 'tomas', tomas, hub.url);
    const who = laptop.app.localPrincipal(tomas);

    const session = (await syncWith(laptop.app.services.sync, hub.url, { via: 'daemon' })).session;
    await expect.poll(async () => (await call<Transfers>(laptop, who, 'media.transfers', {})).missing, { timeout: 60_000 }).toBe(0);
    await laptop.app.services.media.idle();
    const status = await call<Transfers>(laptop, who, 'media.transfers', {});
    expect(status).toMatchObject({ missing: 0, missingBytes: 0, fetched: 2, failed: 0, peers: 1 });
    expect(status.bytesFetched).toBe(big.length + small.length);
    // The bytes are here, exactly; the other production's are not (not Tomás's to see).
    const blobs = laptop.app.services.media.blobs;
    expect(sha(await readAll(await blobs.get(sha(big) as BlobHash)))).toBe(sha(big));
    expect(await blobs.has(sha(small) as BlobHash)).toBe(true);
    expect(await blobs.has(sha(other) as BlobHash)).toBe(false);
    // Thumbnails are made here from the fetched originals.
    const page = await call<{ items: Array<{ title: string; renditions: Array<{ variant: string; state: string }> }> }>(laptop, who, 'media.search', { production: 'woods' });
    expect(page.items.map((a) => a.title).sort()).toEqual(['The Baker', 'The Witch']);
    expect(page.items.find((a) => a.title === 'The Witch')!.renditions.map((r) => r.state)).toEqual(['done', 'done']);

    // A new upload on the hub while connected reaches the laptop with its bytes.
    const late = await jpeg({ color: '#334455', width: 300 });
    await upload(c.t, 'woods', 'wolf.jpg', late, { title: 'The Wolf' });
    await expect.poll(() => blobs.has(sha(late) as BlobHash), { timeout: 30_000 }).toBe(true);
    session.close();
  });

  it('serves a blob only to a peer who may view an asset using it', async () => {
    c = await company();
    addProduction(c.t, 'woods', 'Into the Woods');
    const photo = await jpeg({ color: '#123456' });
    await upload(c.t, 'woods', 'a.jpg', photo);
    const sync = c.hub.app.services.media.transfers;
    const peer = (allowed: boolean): BlobSource => ({ deviceId: 'd', name: 'peer', mayView: () => allowed, fetch: () => Promise.resolve(null) });
    const got = await sync.read(peer(true), sha(photo), 0, 1024 * 1024);
    expect(got?.size).toBe(photo.length);
    expect(sha(got!.data)).toBe(sha(photo));
    expect(await sync.read(peer(false), sha(photo), 0, 1024 * 1024)).toBeNull();
    expect(await sync.read(peer(true), 'f'.repeat(64), 0, 10)).toBeNull();
    expect(await sync.read(peer(true), 'not a hash', 0, 10)).toBeNull();
    const tail = await sync.read(peer(true), sha(photo), photo.length - 5, 1024);
    expect(tail!.data).toEqual(photo.subarray(photo.length - 5));
  });
});

describe('BlobSync fetching (fake peers)', () => {
  function setup(store: BlobStore = new MemoryBlobStore('laptop')) {
    const dir = tempDir('cb-blobsync-');
    const bytes = Buffer.alloc(5 * 1000 + 17);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
    const hash = sha(bytes) as BlobHash;
    const fetched: string[] = [];
    // A projection with one asset naming the blob is all BlobSync reads.
    const db = new Database(':memory:');
    db.exec('CREATE TABLE media_assets (production_id TEXT, hash TEXT, poster TEXT, size INTEGER)');
    db.prepare('INSERT INTO media_assets VALUES (?, ?, NULL, ?)').run('woods', hash, bytes.length);
    const sync = new BlobSync({ db, clock: { now: () => 0 }, blobs: () => store, dir, onFetched: (h) => fetched.push(h) });
    return { dir, bytes, hash, store, fetched, sync, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
  }

  /** A peer serving `bytes` in chunks of 1,000; `cutAfter` chunks then the connection drops; `tamper` flips a byte. */
  function fakePeer(name: string, bytes: Buffer, opts: { cutAfter?: number; tamper?: boolean } = {}): BlobSource & { asked: number[] } {
    const asked: number[] = [];
    return {
      deviceId: name,
      name,
      asked,
      mayView: () => true,
      fetch: (_hash: string, offset: number): Promise<Chunk | null> => {
        asked.push(offset);
        if (opts.cutAfter !== undefined && asked.length > opts.cutAfter) return Promise.reject(new Error('connection closed'));
        const data = Buffer.from(bytes.subarray(offset, offset + 1000));
        if (opts.tamper && offset === 0) data[0] = data[0]! ^ 0xff;
        return Promise.resolve({ data, size: bytes.length });
      },
    };
  }

  it('resumes an interrupted transfer from the bytes already here, with another peer', async () => {
    const s = setup();
    try {
      const first = fakePeer('first', s.bytes, { cutAfter: 3 });
      s.sync.peerReady(first);
      await s.sync.idle();
      expect(first.asked).toEqual([0, 1000, 2000, 3000]);
      expect(await s.store.has(s.hash)).toBe(false);
      expect(fs.statSync(path.join(s.dir, `${s.hash}.part`)).size).toBe(3000);
      expect(s.sync.status().lastError).toMatch(/connection closed/);
      s.sync.peerGone(first);
      const second = fakePeer('second', s.bytes);
      s.sync.peerReady(second);
      await s.sync.idle();
      expect(second.asked).toEqual([3000, 4000, 5000]);
      expect(sha(await readAll(await s.store.get(s.hash)))).toBe(s.hash);
      expect(s.fetched).toEqual([s.hash]);
      expect(fs.existsSync(path.join(s.dir, `${s.hash}.part`))).toBe(false);
      expect(await s.sync.missing()).toEqual([]);
    } finally {
      s.cleanup();
    }
  });

  it('discards a copy that does not match its hash and takes it from an honest peer', async () => {
    const s = setup();
    try {
      const liar = fakePeer('liar', s.bytes, { tamper: true });
      s.sync.peerReady(liar);
      await s.sync.idle();
      expect(await s.store.has(s.hash)).toBe(false);
      expect(s.sync.status()).toMatchObject({ failed: 1, fetched: 0 });
      expect(s.sync.status().lastError).toMatch(/does not match its hash/);
      s.sync.peerGone(liar);
      s.sync.peerReady(fakePeer('honest', s.bytes));
      await s.sync.idle();
      expect(await s.store.has(s.hash)).toBe(true);
      expect(s.sync.status()).toMatchObject({ failed: 1, fetched: 1, missing: 0 });
    } finally {
      s.cleanup();
    }
  });

  it('moves a fetched blob into a filesystem store', async () => {
    const root = tempDir('cb-blobsync-fs-');
    const s = setup(new FsBlobStore(path.join(root, 'blobs')));
    try {
      s.sync.peerReady(fakePeer('hub', s.bytes));
      await s.sync.idle();
      expect(sha(fs.readFileSync((s.store as FsBlobStore).pathOf(s.hash)))).toBe(s.hash);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      s.cleanup();
    }
  });

  it('reads ranges from any backend (streamed stores are skipped to the offset)', async () => {
    const store = new MemoryBlobStore('m');
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => i & 0xff));
    const { hash } = await store.put(Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]));
    expect(await readRange(store, hash, 0, 100)).toEqual({ data: bytes.subarray(0, 100), size: 3000 });
    expect(await readRange(store, hash, 1500, 1000)).toEqual({ data: bytes.subarray(1500, 2500), size: 3000 });
    expect(await readRange(store, hash, 2900, 1000)).toEqual({ data: bytes.subarray(2900), size: 3000 });
    expect(await readRange(store, hash, 3000, 1000)).toEqual({ data: Buffer.alloc(0), size: 3000 });
    expect(await readRange(store, 'e'.repeat(64) as BlobHash, 0, 10)).toBeNull();
  });
});
