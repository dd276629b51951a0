import { CallboardError } from '../errors.ts';
import type { SqliteDatabase } from '../store/database.ts';
import { tagKey } from './projection.ts';
import type { Asset, AssetKind, AssetStatus } from './model.ts';

export interface AssetFilter {
  productionId?: string;
  category?: string;
  tag?: string;
  /** Directory person id of the credit. */
  person?: string;
  kind?: AssetKind;
  /** Inclusive local dates `YYYY-MM-DD` on the taken (else added) date. */
  from?: string;
  to?: string;
  text?: string;
  published?: boolean;
  /** Only assets whose blob this replica found missing or corrupt. */
  needsAttention?: boolean;
}

/** Above this many text matches, a page walks the sort index instead of sorting every match. */
const DENSE_TEXT = 2000;

export interface AssetPage {
  items: Array<Asset & { status: AssetStatus }>;
  /** Pass back to get the next page; null at the end. */
  nextCursor: string | null;
}

export interface Visibility {
  /** Productions whose media the caller may view, or 'all'. */
  productions: readonly string[] | 'all';
}

export function encodeCursor(sortAt: string, id: string): string {
  return Buffer.from(JSON.stringify([sortAt, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // fall through
  }
  throw new CallboardError('invalid', 'cursor is not one this API returned', { field: 'cursor' });
}

/** Words of free text as an FTS5 query: each word quoted (no operators reach FTS) and prefix-matched. */
export function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return words.slice(0, 12).map((w) => `"${w}"*`).join(' ');
}

/**
 * One page of assets, newest first, by keyset pagination on (sort_at, id): each page is an
 * index range scan from the cursor, whatever the depth. With a tag filter the scan runs on
 * media_asset_tags (same order); text goes through FTS5.
 */
export function searchAssets(db: SqliteDatabase, filter: AssetFilter, visibility: Visibility, page: { cursor?: string; limit: number }): AssetPage {
  const where: string[] = [];
  const args: unknown[] = [];
  const byTag = filter.tag !== undefined;
  const col = (c: string) => (byTag && (c === 'sort_at' || c === 'production_id') ? `t.${c}` : `a.${c}`);
  const idCol = byTag ? 't.asset_id' : 'a.id';
  if (byTag) {
    where.push('t.tag = ?');
    args.push(tagKey(filter.tag!));
  }
  if (visibility.productions !== 'all') {
    if (visibility.productions.length === 0) return { items: [], nextCursor: null };
    where.push(`${col('production_id')} IN (${visibility.productions.map(() => '?').join(', ')})`);
    args.push(...visibility.productions);
  }
  if (filter.productionId !== undefined) {
    where.push(`${col('production_id')} = ?`);
    args.push(filter.productionId);
  }
  if (filter.category !== undefined) {
    where.push('a.category = ?');
    args.push(filter.category);
  }
  if (filter.person !== undefined) {
    where.push('a.credit_person = ?');
    args.push(filter.person);
  }
  if (filter.kind !== undefined) {
    where.push('a.kind = ?');
    args.push(filter.kind);
  }
  if (filter.published !== undefined) {
    where.push('a.published = ?');
    args.push(filter.published ? 1 : 0);
  }
  if (filter.from !== undefined) {
    where.push(`${col('sort_at')} >= ?`);
    args.push(filter.from);
  }
  if (filter.to !== undefined) {
    where.push(`${col('sort_at')} <= ?`);
    args.push(`${filter.to}T99`);
  }
  let forceSortIndex = false;
  if (filter.text !== undefined) {
    const q = ftsQuery(filter.text);
    if (q !== null) {
      where.push('a.rid IN (SELECT rowid FROM media_assets_fts WHERE media_assets_fts MATCH ?)');
      args.push(q);
      // Few matches: fetch them and sort (SQLite's own plan). Many matches and nothing more
      // selective: walk the sort index newest first and test membership, stopping at a page.
      const driven = byTag || filter.productionId !== undefined || filter.category !== undefined || filter.person !== undefined || filter.kind !== undefined;
      if (!driven) {
        const matches = db.prepare('SELECT count(*) FROM (SELECT rowid FROM media_assets_fts WHERE media_assets_fts MATCH ? LIMIT ?)').pluck().get(q, DENSE_TEXT) as number;
        forceSortIndex = matches >= DENSE_TEXT;
      }
    }
  }
  if (filter.needsAttention) {
    where.push(
      "(a.hash IN (SELECT hash FROM media_blob_health WHERE status IN ('missing', 'corrupt')) OR a.poster IN (SELECT hash FROM media_blob_health WHERE status IN ('missing', 'corrupt')))",
    );
  }
  if (page.cursor !== undefined) {
    const [sortAt, id] = decodeCursor(page.cursor);
    where.push(`(${col('sort_at')}, ${idCol}) < (?, ?)`);
    args.push(sortAt, id);
  }
  // The tag join names sort_at too, so each tag row finds its asset through (sort_at, id).
  const from = byTag
    ? 'media_asset_tags t JOIN media_assets a INDEXED BY media_assets_by_sort ON a.sort_at = t.sort_at AND a.id = t.asset_id'
    : forceSortIndex
      ? 'media_assets a INDEXED BY media_assets_by_sort'
      : 'media_assets a';
  // Keys first (sorted and limited on narrow rows), then the 50 records.
  const keys = `SELECT a.rid AS rid, ${col('sort_at')} AS k_sort, ${idCol} AS k_id FROM ${from}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${col('sort_at')} DESC, ${idCol} DESC LIMIT ?`;
  const sql = `SELECT r.json AS json, r.sort_at AS sort_at, r.hash AS hash, r.poster AS poster FROM (${keys}) k
    JOIN media_assets r ON r.rid = k.rid ORDER BY k.k_sort DESC, k.k_id DESC`;
  const rows = db.prepare(sql).all(...args, page.limit + 1) as Array<{ json: string; sort_at: string; hash: string | null; poster: string | null }>;
  const more = rows.length > page.limit;
  const slice = more ? rows.slice(0, page.limit) : rows;
  const items = slice.map((r) => ({ ...(JSON.parse(r.json) as Asset), status: healthOf(db, r.hash, r.poster) }));
  const last = slice.at(-1);
  return { items, nextCursor: more && last ? encodeCursor(last.sort_at, (JSON.parse(last.json) as Asset).id) : null };
}

/** This replica's view of an asset's bytes: ready unless verification found them missing or corrupt. */
export function healthOf(db: SqliteDatabase, hash: string | null, poster: string | null = null): AssetStatus {
  for (const h of [hash, poster]) {
    if (!h) continue;
    const row = db.prepare('SELECT status FROM media_blob_health WHERE hash = ?').get(h) as { status: AssetStatus } | undefined;
    if (row && (row.status === 'missing' || row.status === 'corrupt')) return row.status;
  }
  return 'ready';
}

export interface AssetLocation {
  asset: Asset;
  docId: string;
}

export function findAsset(db: SqliteDatabase, assetId: string): AssetLocation | undefined {
  const row = db.prepare('SELECT json, doc_id FROM media_assets WHERE id = ?').get(assetId) as { json: string; doc_id: string } | undefined;
  return row ? { asset: JSON.parse(row.json) as Asset, docId: row.doc_id } : undefined;
}

/** Assets of a production holding these bytes (duplicate detection). */
export function assetsWithHash(db: SqliteDatabase, hash: string, productionId?: string): Asset[] {
  const rows = (
    productionId === undefined
      ? db.prepare('SELECT json FROM media_assets WHERE hash = ? ORDER BY id').all(hash)
      : db.prepare('SELECT json FROM media_assets WHERE hash = ? AND production_id = ? ORDER BY id').all(hash, productionId)
  ) as Array<{ json: string }>;
  return rows.map((r) => JSON.parse(r.json) as Asset);
}

/** Every hash a document refers to (originals and posters): what verify expects to find. */
export function trackedHashes(db: SqliteDatabase): Set<string> {
  const rows = db.prepare('SELECT hash FROM media_assets WHERE hash IS NOT NULL UNION SELECT poster FROM media_assets WHERE poster IS NOT NULL').pluck().all() as string[];
  return new Set(rows);
}

/** Production ids that have media, for visibility filtering. */
export function productionsWithMedia(db: SqliteDatabase): string[] {
  return db.prepare('SELECT DISTINCT production_id FROM media_assets').pluck().all() as string[];
}

/** Count of assets per document of a production, to place a new asset in a part with room. */
export function partCounts(db: SqliteDatabase, productionId: string): Map<string, number> {
  const rows = db.prepare('SELECT doc_id, count(*) AS n FROM media_assets WHERE production_id = ? GROUP BY doc_id').all(productionId) as Array<{ doc_id: string; n: number }>;
  return new Map(rows.map((r) => [r.doc_id, r.n]));
}
