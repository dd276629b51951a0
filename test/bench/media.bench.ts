/**
 * Media figures:
 *   - filtered page query p95 at 10,000 assets (real documents → projection) and at
 *     1,000,000 assets (projection rows inserted directly: building a million assets through
 *     documents would take this machine far too long and measures Automerge, not the query);
 *     peer: the same pages with LIMIT/OFFSET pagination (what keyset pagination replaces);
 *   - upload throughput of 100 files of 5 MB: begin → 4 MiB chunks (each SHA-256 checked,
 *     fsynced) → verify + type by content → move into the filesystem blob store → complete;
 *     in-process and over the daemon's HTTP byte route; peer: plain write + fsync + hash;
 *   - verify throughput (rehash every blob); peer: reading and hashing the same files raw.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openApp } from '../../core/api/app.ts';
import { initCompany } from '../../core/api/setup.ts';
import { PRODUCTION_DOC_TYPE, productionDocId, productionScope, type ProductionDoc } from '../../core/calendar/production.ts';
import { systemClock } from '../../core/clock.ts';
import { httpChunkSender, uploadFile } from '../../core/daemon/media-upload.ts';
import { callDaemon } from '../../core/daemon/remote.ts';
import { startServer } from '../../core/daemon/server.ts';
import { ASSETS_DOC_TYPE, assetsDocId, mediaScope, MAX_ASSETS_PER_DOC } from '../../core/media/documents.ts';
import { verifyBlobs } from '../../core/media/integrity.ts';
import { imm, toRecord, type Asset, type MediaAssetsDoc } from '../../core/media/model.ts';
import { mediaAssetsProjection, sortKey } from '../../core/media/projection.ts';
import { searchAssets, type AssetFilter } from '../../core/media/queries.ts';
import type { SqliteDatabase } from '../../core/store/database.ts';
import { tempDir } from '../fixtures/app.ts';
import { fmt, report, summarize } from './stats.ts';

const root = tempDir('cb-bench-media-');
const app = await openApp({ dataDir: path.join(root, 'store'), clock: systemClock });
const { adminId } = initCompany(app.store, {
  company: { name: 'Bench Players', shortName: 'Bench', city: '', timeZone: 'UTC', website: '', email: '' },
  admin: { name: 'Bench Admin', email: 'bench@example.org' },
});
const admin = app.localPrincipal(adminId);
const CATEGORIES = ['production-photos', 'rehearsal', 'headshots', 'posters-marketing', 'press', 'design', 'behind-the-scenes'];
const TAGS = ['Act 1', 'Act 2', 'dress rehearsal', 'opening night', 'cast party', 'tech', 'finale', 'poster', 'press', 'crew'];
const WORDS = ['witch', 'baker', 'giant', 'woods', 'cow', 'beanstalk', 'castle', 'prince', 'tower', 'cape', 'slipper', 'moon', 'harp', 'wolf', 'grandmother'];

function makeAsset(i: number, productions: number): Asset {
  const p = i % productions;
  const day = 1 + (i % 28);
  const month = 1 + (Math.floor(i / 28) % 12);
  const year = 2000 + (Math.floor(i / 336) % 27);
  return {
    id: `ast-${i.toString(16).padStart(16, '0')}`,
    productionId: `show-${p}`,
    kind: i % 10 === 0 ? 'video' : i % 17 === 0 ? 'poster' : 'photo',
    category: CATEGORIES[i % CATEGORIES.length]!,
    tags: [TAGS[i % TAGS.length]!, TAGS[(i * 7) % TAGS.length]!].filter((t, k, a) => a.indexOf(t) === k),
    title: `${WORDS[i % WORDS.length]} ${WORDS[(i * 3) % WORDS.length]} ${i}`,
    caption: '',
    alt: `photo ${i}`,
    credit: i % 5 === 0 ? { personId: `p0-person${i % 40}`, name: `Person ${i % 40}` } : null,
    takenAt: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T19:${String(i % 60).padStart(2, '0')}:00`,
    width: 4000,
    height: 3000,
    durationSec: null,
    hash: createHash('sha256').update(String(i)).digest('hex'),
    size: 5_000_000,
    mime: 'image/jpeg',
    filename: `IMG_${i}.jpg`,
    published: i % 3 === 0,
    embed: null,
    poster: null,
    createdAt: 1_700_000_000_000 + i,
    createdBy: adminId,
    updatedAt: 1_700_000_000_000 + i,
  };
}

function queries(productions: number): Array<[string, AssetFilter]> {
  return [
    ['production', { productionId: `show-${productions >> 1}` }],
    ['production+category', { productionId: `show-${productions >> 2}`, category: 'rehearsal' }],
    ['tag', { tag: 'Act 2' }],
    ['category+kind', { category: 'press', kind: 'photo' }],
    ['person', { person: 'p0-person5' }],
    ['date range', { from: '2010-03-01', to: '2010-06-30' }],
    ['text', { text: 'giant beanstalk' }],
  ];
}

function measurePages(db: SqliteDatabase, productions: number, visibility: readonly string[] | 'all', runs: number): { keyset: number[]; cpu: number[]; offset: number[] } {
  const keyset: number[] = [];
  const cpu: number[] = [];
  const offset: number[] = [];
  for (let r = 0; r < runs; r++) {
    for (const [, filter] of queries(productions)) {
      // First page, then 5 pages deeper by cursor (what infinite scroll does).
      let cursor: string | undefined;
      for (let page = 0; page < 6; page++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const res = searchAssets(db, filter, { productions: visibility }, { limit: 50, ...(cursor ? { cursor } : {}) });
        keyset.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
        if (!res.nextCursor) break;
        cursor = res.nextCursor;
      }
    }
  }
  // Peer: OFFSET pagination at the same depths, same filters (production filter).
  const stmt = db.prepare('SELECT json FROM media_assets WHERE production_id = ? ORDER BY sort_at DESC, id DESC LIMIT 50 OFFSET ?');
  const all = db.prepare('SELECT json FROM media_assets ORDER BY sort_at DESC, id DESC LIMIT 50 OFFSET ?');
  for (let r = 0; r < runs; r++) {
    for (let page = 0; page < 6; page++) {
      let t0 = performance.now();
      stmt.all(`show-${productions >> 1}`, page * 50);
      offset.push(performance.now() - t0);
      t0 = performance.now();
      all.all(Math.floor((r * 7919) % 100) * 500 + page * 50);
      offset.push(performance.now() - t0);
    }
  }
  return { keyset, cpu, offset };
}

// ---- 10,000 assets through documents -----------------------------------------------------
{
  const PRODUCTIONS = 10;
  const N = 10_000;
  for (let p = 0; p < PRODUCTIONS; p++) {
    app.store.create<ProductionDoc>(productionDocId(`show-${p}`), PRODUCTION_DOC_TYPE, productionScope(`show-${p}`), (d) => {
      d.production = { id: `show-${p}`, title: `Show ${p}`, season: '2026', status: 'closed', opening: null, closing: null, description: '', createdAt: 0 };
    });
  }
  const t0 = performance.now();
  const PARTS = N / PRODUCTIONS / MAX_ASSETS_PER_DOC;
  for (let p = 0; p < PRODUCTIONS; p++) {
    for (let part = 0; part < PARTS; part++) {
      const assets = Array.from({ length: MAX_ASSETS_PER_DOC }, (_, k) => makeAsset((part * MAX_ASSETS_PER_DOC + k) * PRODUCTIONS + p, PRODUCTIONS));
      app.store.create<MediaAssetsDoc>(assetsDocId(`show-${p}`, part), ASSETS_DOC_TYPE, mediaScope(`show-${p}`), (d) => {
        d.productionId = imm(`show-${p}`);
        d.part = part;
        d.assets = Object.fromEntries(assets.map((a) => [a.id, toRecord(a)]));
      });
    }
  }
  const seedMs = performance.now() - t0;
  report({ name: 'media.seed_10k_documents', value: seedMs, unit: 'ms', workload: `${N} assets in ${PRODUCTIONS * PARTS} documents of ${MAX_ASSETS_PER_DOC}, one change each, with projection + FTS` });
  const t1 = performance.now();
  app.store.evict();
  app.store.doc(assetsDocId('show-3', 0));
  report({ name: 'media.load_asset_document', value: performance.now() - t1, unit: 'ms', workload: `one part of ${MAX_ASSETS_PER_DOC} assets, cold` });
  const t2 = performance.now();
  const n = 50;
  for (let i = 0; i < n; i++) {
    await app.dispatcher.call(admin, 'media.update', { production: 'show-3', assetId: makeAsset((i % MAX_ASSETS_PER_DOC) * PRODUCTIONS + 3, PRODUCTIONS).id, patch: { title: `Edited ${i}` } });
  }
  report({ name: 'media.edit_in_asset_document', value: (performance.now() - t2) / n, unit: 'ms', workload: `one media.update, mean of ${n}, document of ${MAX_ASSETS_PER_DOC} assets, incl. projection + audit` });
  const { keyset, cpu, offset } = measurePages(app.store.db, PRODUCTIONS, 'all', 20);
  const s = summarize(keyset);
  const sc = summarize(cpu);
  const o = summarize(offset);
  report({
    name: 'media.page_query_10k.p95',
    value: s.p95,
    unit: 'ms',
    detail: `p50 ${fmt(s.p50)}; CPU time p95 ${fmt(sc.p95)}`,
    workload: `${keyset.length} pages of 50 over 7 filters incl. tag and FTS text, 10,000 assets`,
    target: { lt: 10 },
    requirement: 'media-10k',
    peer: { name: 'LIMIT/OFFSET', value: o.p95 },
  });
}

// ---- 1,000,000 assets of projection rows -------------------------------------------------
{
  const PRODUCTIONS = 400;
  const N = 1_000_000;
  const db = app.store.db;
  // Bulk build as a rebuild would: rows first, then indexes and the FTS index in one pass each.
  db.exec('DROP TABLE media_assets; DROP TABLE media_asset_tags; DROP TABLE media_assets_fts;');
  const t0 = performance.now();
  db.exec(`CREATE TABLE media_assets (rid INTEGER PRIMARY KEY, id TEXT NOT NULL, doc_id TEXT NOT NULL, production_id TEXT NOT NULL, kind TEXT NOT NULL,
    category TEXT NOT NULL, title TEXT NOT NULL, caption TEXT NOT NULL, alt TEXT NOT NULL, credit_person TEXT, credit_name TEXT, taken_at TEXT,
    sort_at TEXT NOT NULL, created_at INTEGER NOT NULL, hash TEXT, poster TEXT, size INTEGER NOT NULL, mime TEXT NOT NULL, published INTEGER NOT NULL, json TEXT NOT NULL);
    CREATE TABLE media_asset_tags (tag TEXT NOT NULL, sort_at TEXT NOT NULL, asset_id TEXT NOT NULL, production_id TEXT NOT NULL, PRIMARY KEY (tag, sort_at, asset_id)) WITHOUT ROWID;`);
  const ins = db.prepare(`INSERT INTO media_assets (id, doc_id, production_id, kind, category, title, caption, alt, credit_person, credit_name, taken_at, sort_at,
    created_at, hash, poster, size, mime, published, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const tag = db.prepare('INSERT OR IGNORE INTO media_asset_tags (tag, sort_at, asset_id, production_id) VALUES (?, ?, ?, ?)');
  const BATCH = 50_000;
  for (let start = 0; start < N; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(N, start + BATCH); i++) {
        const a = makeAsset(i, PRODUCTIONS);
        const sortAt = sortKey(a);
        ins.run(a.id, `media:${a.productionId}:${Math.floor(i / PRODUCTIONS / MAX_ASSETS_PER_DOC)}`, a.productionId, a.kind, a.category, a.title, a.caption, a.alt,
          a.credit?.personId ?? null, a.credit?.name ?? null, a.takenAt, sortAt, a.createdAt, a.hash, a.poster, a.size, a.mime, a.published ? 1 : 0, JSON.stringify(a));
        for (const t of a.tags) tag.run(t.toLowerCase(), sortAt, a.id, a.productionId);
      }
    })();
  }
  mediaAssetsProjection.setup(db);
  db.exec("INSERT INTO media_assets_fts (rowid, title, caption, alt, tags, credit, filename) SELECT rid, title, caption, alt, '', coalesce(credit_name, ''), '' FROM media_assets");
  db.exec('ANALYZE');
  report({ name: 'media.build_1m_projection', value: performance.now() - t0, unit: 'ms', workload: `${N} rows bulk-loaded directly into media_assets, tags, indexes and FTS5; not through documents` });
  const { keyset, cpu, offset } = measurePages(db, PRODUCTIONS, 'all', 10);
  const s = summarize(keyset);
  const sc = summarize(cpu);
  const o = summarize(offset);
  report({
    name: 'media.page_query_1m.p95',
    value: s.p95,
    unit: 'ms',
    detail: `p50 ${fmt(s.p50)}, p99 ${fmt(s.p99)}; CPU time p95 ${fmt(sc.p95)}`,
    workload: `${keyset.length} pages of 50 over 7 filters, 1,000,000 assets`,
    target: { lt: 10 },
    requirement: 'media-10k',
    peer: { name: 'LIMIT/OFFSET', value: o.p95 },
  });
  const visible = Array.from({ length: 20 }, (_, k) => `show-${k * 7}`);
  const restricted = measurePages(db, PRODUCTIONS, visible, 5);
  const v = summarize(restricted.keyset);
  const vc = summarize(restricted.cpu);
  report({
    name: 'media.page_query_1m_restricted.p95',
    value: v.p95,
    unit: 'ms',
    detail: `p50 ${fmt(v.p50)}; CPU time p95 ${fmt(vc.p95)}`,
    workload: `same filters over 1,000,000 assets for a user who may view 20 of ${PRODUCTIONS} productions`,
    target: { lt: 10 },
  });
  db.exec('DELETE FROM media_assets; DELETE FROM media_asset_tags; DELETE FROM media_assets_fts;');
}

// ---- uploads and verify --------------------------------------------------------------------
{
  const FILES = 100;
  const SIZE = 5 * 1024 * 1024;
  app.store.create<ProductionDoc>(productionDocId('uploads'), PRODUCTION_DOC_TYPE, productionScope('uploads'), (d) => {
    d.production = { id: 'uploads', title: 'Uploads', season: '2026', status: 'closed', opening: null, closing: null, description: '', createdAt: 0 };
  });
  const files: string[] = [];
  const srcDir = path.join(root, 'src');
  fs.mkdirSync(srcDir);
  for (let i = 0; i < FILES * 2; i++) {
    const f = path.join(srcDir, `program-${i}.pdf`);
    fs.writeFileSync(f, Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(SIZE - 9)]));
    files.push(f);
  }
  const call = (p: string, i: unknown) => app.dispatcher.call(admin, p, i);
  const local = { call, sendChunk: (id: string, off: number, bytes: Uint8Array, sha: string) => app.services.media.uploads.writeChunk({ userId: adminId, uploadId: id, offset: off, bytes, sha256: sha }) };
  let t0 = performance.now();
  for (const f of files.slice(0, FILES)) await uploadFile(local, f, { production: 'uploads', category: 'press' });
  const localS = (performance.now() - t0) / 1000;
  const token = app.services.tokens.create(adminId, 'bench').token;
  const server = await startServer({ app, host: '127.0.0.1', port: 0, localSecret: 'x'.repeat(40), log: () => undefined });
  const target = { url: server.url, token };
  const remote = httpChunkSender(target, (p, i) => callDaemon(target, p, i));
  t0 = performance.now();
  for (const f of files.slice(FILES)) await uploadFile(remote, f, { production: 'uploads', category: 'press' });
  const httpS = (performance.now() - t0) / 1000;
  await server.close();
  // Peer: the floor — write each file once with fsync and hash it.
  const peerDir = path.join(root, 'peer');
  fs.mkdirSync(peerDir);
  t0 = performance.now();
  for (const f of files.slice(0, FILES)) {
    const bytes = fs.readFileSync(f);
    createHash('sha256').update(bytes).digest('hex');
    const fd = fs.openSync(path.join(peerDir, path.basename(f)), 'w');
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  }
  const peerS = (performance.now() - t0) / 1000;
  const mbTotal = (FILES * SIZE) / 1e6;
  const uploadWorkload = `${FILES} files of 5 MiB each; 4 MiB chunks, checked, fsynced, typed, moved into the fs store`;
  const peerWrite = { name: 'write+fsync+sha256', value: mbTotal / peerS };
  report({ name: 'media.upload_throughput', value: mbTotal / localS, unit: 'MB/s', detail: `${(FILES / localS).toFixed(1)} files/s`, workload: `in-process, ${uploadWorkload}`, peer: peerWrite });
  report({ name: 'media.upload_throughput_http', value: mbTotal / httpS, unit: 'MB/s', workload: `over HTTP, ${uploadWorkload}`, peer: peerWrite });

  t0 = performance.now();
  const { report: r } = await verifyBlobs({ db: app.store.db, clock: systemClock, store: app.services.media.blobs, renditionHashes: new Set(), onProgress: () => {} });
  const verifyS = (performance.now() - t0) / 1000;
  t0 = performance.now();
  for (const f of files) {
    const h = createHash('sha256');
    for await (const c of fs.createReadStream(f)) h.update(c as Buffer);
    h.digest();
  }
  const rawS = (performance.now() - t0) / 1000;
  report({
    name: 'media.verify_throughput',
    value: r.bytes / 1e6 / verifyS,
    unit: 'MB/s',
    workload: `${r.checked} blobs, ${(r.bytes / 1e6).toFixed(0)} MB, ${r.ok} ok; file cache warm`,
    peer: { name: 'raw read+sha256', value: (FILES * 2 * SIZE) / 1e6 / rawS },
  });
}

await app.services.media.close();
app.close();
fs.rmSync(root, { recursive: true, force: true });
