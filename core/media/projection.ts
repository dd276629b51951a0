import type { SqliteDatabase } from '../store/database.ts';
import type { Projection } from '../store/projection.ts';
import { ASSETS_DOC_TYPE, GALLERIES_DOC_TYPE } from './documents.ts';
import { toAsset, toGallery, type Asset, type AssetRecord, type MediaAssetsDoc, type MediaGalleriesDoc } from './model.ts';

/**
 * `media_assets` (one row per asset, with indexes for every filter + the keyset order
 * `sort_at DESC, id DESC`), `media_asset_tags` (tag → asset, in the same order) and the
 * FTS5 index `media_assets_fts` (rowid = media_assets.rid). Updated per asset from the
 * patches: a change to one asset rewrites that asset's rows only.
 */
export const mediaAssetsProjection: Projection<MediaAssetsDoc> = {
  name: 'media_assets',
  version: 2,
  docTypes: [ASSETS_DOC_TYPE],
  setup(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS media_assets (
        rid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        doc_id TEXT NOT NULL,
        production_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        category TEXT NOT NULL,
        title TEXT NOT NULL,
        caption TEXT NOT NULL,
        alt TEXT NOT NULL,
        credit_person TEXT,
        credit_name TEXT,
        taken_at TEXT,
        sort_at TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        hash TEXT,
        poster TEXT,
        size INTEGER NOT NULL,
        mime TEXT NOT NULL,
        published INTEGER NOT NULL,
        json TEXT NOT NULL
      );
      DROP INDEX IF EXISTS media_assets_sort;
      DROP INDEX IF EXISTS media_assets_cat;
      DROP INDEX IF EXISTS media_assets_kind;
      DROP INDEX IF EXISTS media_assets_person;
      -- Each ordered index ends with production_id so that a caller who may view only some
      -- productions is filtered from the index entries, without reading rows.
      CREATE INDEX IF NOT EXISTS media_assets_by_sort ON media_assets(sort_at DESC, id DESC, production_id);
      CREATE INDEX IF NOT EXISTS media_assets_prod ON media_assets(production_id, sort_at DESC, id DESC);
      CREATE INDEX IF NOT EXISTS media_assets_prod_cat ON media_assets(production_id, category, sort_at DESC, id DESC);
      CREATE INDEX IF NOT EXISTS media_assets_by_cat ON media_assets(category, sort_at DESC, id DESC, production_id);
      CREATE INDEX IF NOT EXISTS media_assets_by_kind ON media_assets(kind, sort_at DESC, id DESC, production_id, category);
      CREATE INDEX IF NOT EXISTS media_assets_by_person ON media_assets(credit_person, sort_at DESC, id DESC, production_id);
      CREATE INDEX IF NOT EXISTS media_assets_hash ON media_assets(hash);
      CREATE INDEX IF NOT EXISTS media_assets_poster ON media_assets(poster);
      CREATE INDEX IF NOT EXISTS media_assets_doc ON media_assets(doc_id);
      CREATE TABLE IF NOT EXISTS media_asset_tags (
        tag TEXT NOT NULL,
        sort_at TEXT NOT NULL,
        asset_id TEXT NOT NULL,
        production_id TEXT NOT NULL,
        PRIMARY KEY (tag, sort_at, asset_id)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS media_asset_tags_asset ON media_asset_tags(asset_id);
      CREATE VIRTUAL TABLE IF NOT EXISTS media_assets_fts USING fts5(
        title, caption, alt, tags, credit, filename, tokenize = 'unicode61 remove_diacritics 2'
      );`);
  },
  clear(db) {
    db.exec('DELETE FROM media_assets; DELETE FROM media_asset_tags; DELETE FROM media_assets_fts;');
  },
  apply(db, { docId, doc, patches, fromHeads }) {
    const assets = doc.assets ?? {};
    let ids: Iterable<string>;
    if (fromHeads === null) {
      removeDoc(db, docId);
      ids = Object.keys(assets);
    } else {
      const touched = new Set<string>();
      let all = false;
      for (const p of patches) {
        if (p.path[0] !== 'assets') continue;
        if (p.path.length < 2) all = true;
        else touched.add(String(p.path[1]));
      }
      if (all) {
        removeDoc(db, docId);
        ids = Object.keys(assets);
      } else ids = touched;
    }
    for (const id of ids) {
      removeAsset(db, id);
      const record = assets[id];
      if (record) insertAsset(db, docId, toAsset(record as AssetRecord));
    }
  },
  remove(db, docId) {
    removeDoc(db, docId);
  },
};

/** The key assets are listed by: when taken (local wall time), else when added (UTC). */
export function sortKey(a: Pick<Asset, 'takenAt' | 'createdAt'>): string {
  return a.takenAt ?? new Date(a.createdAt).toISOString().slice(0, 19);
}

export function tagKey(tag: string): string {
  return tag.trim().toLowerCase();
}

type Statement = ReturnType<SqliteDatabase['prepare']> & { run(...params: unknown[]): { lastInsertRowid: number | bigint }; get(...params: unknown[]): unknown };
const statementCache = new WeakMap<SqliteDatabase, Map<string, Statement>>();

/** Prepared statements reused per connection (preparing costs more than running these). */
function stmt(db: SqliteDatabase, sql: string): Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}

export function insertAsset(db: SqliteDatabase, docId: string, a: Asset): void {
  const sortAt = sortKey(a);
  const info = stmt(
    db,
    `INSERT INTO media_assets (id, doc_id, production_id, kind, category, title, caption, alt, credit_person, credit_name,
        taken_at, sort_at, created_at, hash, poster, size, mime, published, json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
      a.id,
      docId,
      a.productionId,
      a.kind,
      a.category,
      a.title,
      a.caption,
      a.alt,
      a.credit?.personId ?? null,
      a.credit?.name ?? null,
      a.takenAt,
      sortAt,
      a.createdAt,
      a.hash,
      a.poster,
      a.size,
      a.mime,
      a.published ? 1 : 0,
      JSON.stringify(a),
    );
  const tagStmt = stmt(db, 'INSERT OR IGNORE INTO media_asset_tags (tag, sort_at, asset_id, production_id) VALUES (?, ?, ?, ?)');
  for (const t of a.tags) tagStmt.run(tagKey(t), sortAt, a.id, a.productionId);
  stmt(db, 'INSERT INTO media_assets_fts (rowid, title, caption, alt, tags, credit, filename) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    info.lastInsertRowid,
    a.title,
    a.caption,
    a.alt,
    a.tags.join(' '),
    a.credit?.name ?? '',
    a.filename,
  );
}

function removeAsset(db: SqliteDatabase, id: string): void {
  const row = stmt(db, 'SELECT rid FROM media_assets WHERE id = ?').get(id) as { rid: number } | undefined;
  if (!row) return;
  stmt(db, 'DELETE FROM media_assets_fts WHERE rowid = ?').run(row.rid);
  stmt(db, 'DELETE FROM media_asset_tags WHERE asset_id = ?').run(id);
  stmt(db, 'DELETE FROM media_assets WHERE rid = ?').run(row.rid);
}

function removeDoc(db: SqliteDatabase, docId: string): void {
  const ids = db.prepare('SELECT id FROM media_assets WHERE doc_id = ?').pluck().all(docId) as string[];
  for (const id of ids) removeAsset(db, id);
}

/** `media_galleries`: every gallery's header and items, for lists across productions. */
export const mediaGalleriesProjection: Projection<MediaGalleriesDoc> = {
  name: 'media_galleries',
  version: 1,
  docTypes: [GALLERIES_DOC_TYPE],
  setup(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS media_galleries (
      id TEXT PRIMARY KEY,
      doc_id TEXT NOT NULL,
      production_id TEXT,
      title TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      json TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS media_galleries_doc ON media_galleries(doc_id);
    CREATE INDEX IF NOT EXISTS media_galleries_prod ON media_galleries(production_id, title);`);
  },
  clear(db) {
    db.exec('DELETE FROM media_galleries');
  },
  apply(db, { docId, doc }) {
    db.prepare('DELETE FROM media_galleries WHERE doc_id = ?').run(docId);
    const stmt = db.prepare('INSERT INTO media_galleries (id, doc_id, production_id, title, updated_at, json) VALUES (?, ?, ?, ?, ?, ?)');
    for (const record of Object.values(doc.galleries ?? {})) {
      const g = toGallery(record);
      stmt.run(g.id, docId, g.productionId, g.title, g.updatedAt, JSON.stringify(g));
    }
  },
  remove(db, docId) {
    db.prepare('DELETE FROM media_galleries WHERE doc_id = ?').run(docId);
  },
};
