import type { SqliteDatabase } from '../store/database.ts';
import type { Projection } from '../store/projection.ts';
import type { CalendarEvent } from './model.ts';

/**
 * Productions. Each production has its own document (type `production`, id and scope
 * `production:<id>`) holding its details and, with the calendar, its schedule. Other
 * domains refer to a production by its id and read the `productions` projection to list
 * them; credits and media live in their own documents of the same scope.
 */
export const PRODUCTION_DOC_TYPE = 'production';

export const PRODUCTION_STATUSES = ['planning', 'auditions', 'rehearsals', 'running', 'closed', 'cancelled'] as const;
export type ProductionStatus = (typeof PRODUCTION_STATUSES)[number];

export function productionDocId(productionId: string): string {
  return `production:${productionId}`;
}

export function productionScope(productionId: string): string {
  return `production:${productionId}`;
}

export interface ProductionInfo {
  id: string;
  title: string;
  /** e.g. "2026-27". */
  season: string;
  status: ProductionStatus;
  /** Local dates (YYYY-MM-DD) of the first and last performance, when known. */
  opening: string | null;
  closing: string | null;
  description: string;
  createdAt: number;
}

/**
 * A production's document: its header and its schedule. `events` holds every event by id,
 * recurring ones with their rule, exception dates and changed occurrences (strings are
 * ImmutableStrings in the document; read them through core/calendar/model.ts `plain`).
 * Absent in documents created before the calendar existed.
 */
export interface ProductionDoc {
  production: ProductionInfo;
  events?: Record<string, CalendarEvent>;
  /** Default IANA zone for new events (a venue's zone wins). */
  timeZone?: string;
}

export interface ProductionRow {
  id: string;
  title: string;
  season: string;
  status: ProductionStatus;
  opening: string | null;
  closing: string | null;
}

/** The `productions` table: every production's header, for lists and lookups in every domain. */
export const productionsProjection: Projection<ProductionDoc> = {
  name: 'productions',
  version: 1,
  docTypes: [PRODUCTION_DOC_TYPE],
  setup(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS productions (
      id TEXT PRIMARY KEY,
      doc_id TEXT NOT NULL UNIQUE,
      title TEXT NOT NULL,
      season TEXT NOT NULL,
      status TEXT NOT NULL,
      opening TEXT,
      closing TEXT
    );
    CREATE INDEX IF NOT EXISTS productions_season ON productions(season);`);
  },
  clear(db) {
    db.exec('DELETE FROM productions');
  },
  apply(db, { docId, doc }) {
    const p = doc.production;
    if (!p) return;
    db.prepare(
      `INSERT INTO productions (id, doc_id, title, season, status, opening, closing) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET title = excluded.title, season = excluded.season, status = excluded.status,
         opening = excluded.opening, closing = excluded.closing`,
    ).run(
      String(p.id),
      docId,
      String(p.title),
      String(p.season),
      String(p.status),
      p.opening == null ? null : String(p.opening),
      p.closing == null ? null : String(p.closing),
    );
  },
  remove(db, docId) {
    db.prepare('DELETE FROM productions WHERE doc_id = ?').run(docId);
  },
};

export function listProductions(db: SqliteDatabase, filter: { season?: string } = {}): ProductionRow[] {
  const rows =
    filter.season === undefined
      ? db.prepare('SELECT id, title, season, status, opening, closing FROM productions ORDER BY opening DESC, title').all()
      : db.prepare('SELECT id, title, season, status, opening, closing FROM productions WHERE season = ? ORDER BY opening DESC, title').all(filter.season);
  return rows as ProductionRow[];
}

export function getProduction(db: SqliteDatabase, id: string): ProductionRow | undefined {
  return db.prepare('SELECT id, title, season, status, opening, closing FROM productions WHERE id = ?').get(id) as ProductionRow | undefined;
}
