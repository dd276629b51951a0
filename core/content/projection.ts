import type { SqliteDatabase } from '../store/database.ts';
import type { Projection } from '../store/projection.ts';
import { SECTION_DOC_TYPE, str, type PageStatus, type SectionDoc } from './model.ts';

/**
 * `content_pages`: one row per page of every section document (slug, title, status), for
 * lists, slug uniqueness and the website build. Re-derived per section document on each
 * change (a section holds at most a few hundred pages).
 */
export const contentPagesProjection: Projection<SectionDoc> = {
  name: 'content_pages',
  version: 1,
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
    CREATE INDEX IF NOT EXISTS content_pages_status ON content_pages(status, updated_at);`);
  },
  clear(db) {
    db.exec('DELETE FROM content_pages');
  },
  apply(db, { docId, doc }) {
    db.prepare('DELETE FROM content_pages WHERE doc_id = ?').run(docId);
    const sectionId = str(doc.sectionId);
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
  },
};

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
