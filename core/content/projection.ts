import * as A from '@automerge/automerge';
import type { SqliteDatabase } from '../store/database.ts';
import type { Projection } from '../store/projection.ts';
import { SECTION_DOC_TYPE, str, type Page, type PageStatus, type SectionDoc } from './model.ts';
import { readPage } from './page-read.ts';

/**
 * `content_pages`: one row per page of every section document (slug, title, status), for
 * lists, slug uniqueness and the website build. Re-derived per section document on each
 * change (a section holds at most a few hundred pages).
 *
 * `content_published`: the published snapshot of each published page (its content at the
 * publish heads, as JSON). Computed once when a publish is indexed (one `Automerge.view`),
 * kept while the publish heads stay the same, so the website build and `changedSincePublish`
 * read it instead of viewing history per page (docs/decisions/0006-content.md).
 */
export const contentPagesProjection: Projection<SectionDoc> = {
  name: 'content_pages',
  version: 2,
  docTypes: [SECTION_DOC_TYPE],
  setup(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS content_pages (
      section_id TEXT NOT NULL,
      page_id TEXT NOT NULL,
      doc_id TEXT NOT NULL,
      slug TEXT NOT NULL,
      title TEXT NOT NULL,
      status TEXT NOT NULL,
      published INTEGER NOT NULL,
      blocks INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      updated_by TEXT NOT NULL,
      published_at INTEGER,
      PRIMARY KEY (section_id, page_id)
    );
    CREATE INDEX IF NOT EXISTS content_pages_slug ON content_pages(slug);
    CREATE INDEX IF NOT EXISTS content_pages_doc ON content_pages(doc_id);
    CREATE INDEX IF NOT EXISTS content_pages_status ON content_pages(status, updated_at);
    CREATE TABLE IF NOT EXISTS content_published (
      section_id TEXT NOT NULL,
      page_id TEXT NOT NULL,
      doc_id TEXT NOT NULL,
      heads TEXT NOT NULL,
      page_json TEXT NOT NULL,
      PRIMARY KEY (section_id, page_id)
    );
    CREATE INDEX IF NOT EXISTS content_published_doc ON content_published(doc_id);`);
  },
  clear(db) {
    db.exec('DELETE FROM content_pages; DELETE FROM content_published');
  },
  apply(db, { docId, doc }) {
    db.prepare('DELETE FROM content_pages WHERE doc_id = ?').run(docId);
    const sectionId = str(doc.sectionId);
    updatePublished(db, docId, sectionId, doc);
    const ins = db.prepare(
      `INSERT OR REPLACE INTO content_pages (section_id, page_id, doc_id, slug, title, status, published, blocks, updated_at, updated_by, published_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const p of Object.values(doc.pages ?? {})) {
      const status = str(p.status);
      ins.run(
        sectionId,
        str(p.id),
        docId,
        str(p.slug),
        typeof p.title === 'string' ? p.title : str(p.title),
        status,
        status === 'published' && p.publishedHeads ? 1 : 0,
        Object.keys(p.blocks ?? {}).length,
        p.updatedAt ?? 0,
        str(p.updatedBy),
        p.publishedAt ?? null,
      );
    }
  },
  remove(db, docId) {
    db.prepare('DELETE FROM content_pages WHERE doc_id = ?').run(docId);
    db.prepare('DELETE FROM content_published WHERE doc_id = ?').run(docId);
  },
};

/** Re-derives the published snapshots of one section document: only pages whose publish heads changed are viewed. */
function updatePublished(db: SqliteDatabase, docId: string, sectionId: string, doc: A.Doc<SectionDoc>): void {
  const have = new Map(
    (db.prepare('SELECT page_id AS pageId, heads FROM content_published WHERE doc_id = ?').all(docId) as Array<{ pageId: string; heads: string }>).map((r) => [r.pageId, r.heads]),
  );
  const put = db.prepare('INSERT OR REPLACE INTO content_published (section_id, page_id, doc_id, heads, page_json) VALUES (?, ?, ?, ?, ?)');
  const views = new Map<string, A.Doc<SectionDoc>>();
  for (const p of Object.values(doc.pages ?? {})) {
    const pageId = str(p.id);
    if (str(p.status) !== 'published' || !p.publishedHeads) continue;
    const heads = p.publishedHeads.map((h) => str(h));
    const key = JSON.stringify(heads);
    if (have.get(pageId) === key) {
      have.delete(pageId);
      continue;
    }
    have.delete(pageId);
    // Pages published together share their heads: one view serves them all.
    let view = views.get(key);
    if (!view) views.set(key, (view = A.view(doc, heads)));
    const page = readPage(view, sectionId, pageId);
    if (page) put.run(sectionId, pageId, docId, key, JSON.stringify(page));
  }
  const del = db.prepare('DELETE FROM content_published WHERE section_id = ? AND page_id = ?');
  for (const pageId of have.keys()) del.run(sectionId, pageId);
}

/** The content of a published page at its publish heads (from the snapshot), or undefined. */
export function publishedSnapshot(db: SqliteDatabase, sectionId: string, pageId: string): Page | undefined {
  const r = db.prepare('SELECT page_json AS json FROM content_published WHERE section_id = ? AND page_id = ?').get(sectionId, pageId) as { json: string } | undefined;
  return r ? (JSON.parse(r.json) as Page) : undefined;
}

/** Every published snapshot, by section then page. */
export function publishedSnapshots(db: SqliteDatabase): Map<string, Page> {
  const rows = db.prepare('SELECT section_id AS sectionId, page_id AS pageId, page_json AS json FROM content_published').all() as Array<{ sectionId: string; pageId: string; json: string }>;
  return new Map(rows.map((r) => [`${r.sectionId}/${r.pageId}`, JSON.parse(r.json) as Page]));
}

export interface PageRow {
  sectionId: string;
  pageId: string;
  slug: string;
  title: string;
  status: PageStatus;
  published: boolean;
  blocks: number;
  updatedAt: number;
  updatedBy: string;
  publishedAt: number | null;
}

const COLS = `section_id AS sectionId, page_id AS pageId, slug, title, status, published, blocks, updated_at AS updatedAt, updated_by AS updatedBy, published_at AS publishedAt`;

function toRow(r: Record<string, unknown>): PageRow {
  return { ...(r as unknown as PageRow), published: r.published === 1 };
}

export function findSlug(db: SqliteDatabase, slug: string): PageRow | undefined {
  const r = db.prepare(`SELECT ${COLS} FROM content_pages WHERE slug = ? ORDER BY section_id, page_id LIMIT 1`).get(slug) as Record<string, unknown> | undefined;
  return r ? toRow(r) : undefined;
}

export function listPages(db: SqliteDatabase, filter: { sectionId?: string; status?: PageStatus } = {}): PageRow[] {
  const where: string[] = [];
  const args: string[] = [];
  if (filter.sectionId !== undefined) {
    where.push('section_id = ?');
    args.push(filter.sectionId);
  }
  if (filter.status !== undefined) {
    where.push('status = ?');
    args.push(filter.status);
  }
  const sql = `SELECT ${COLS} FROM content_pages ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY section_id, title COLLATE NOCASE, page_id`;
  return (db.prepare(sql).all(...args) as Record<string, unknown>[]).map(toRow);
}
