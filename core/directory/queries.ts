import type { SqliteDatabase } from '../store/database.ts';
import { DEPARTMENTS, type Department } from './model.ts';

/** One line of a person's production history. */
export interface HistoryEntry {
  creditId: string;
  productionId: string;
  title: string;
  season: string;
  opening: string | null;
  department: Department;
  role: string;
  billing: number;
  understudy: boolean;
  swing: boolean;
  standby: boolean;
  /** The id the credit was recorded under, when it was another (merged-away) id of this person. */
  via: string | null;
}

/** Credit rows read with the person's current name (redirects followed one hop). */
export interface CreditRow {
  id: string;
  productionId: string;
  personId: string;
  personName: string;
  stageName: string;
  department: Department;
  role: string;
  billing: number;
  understudy: boolean;
  swing: boolean;
  standby: boolean;
  startDate: string;
  endDate: string;
}

/** Every id that leads to `personId` through merge redirects (itself included). */
export function aliasesOf(db: SqliteDatabase, personId: string): string[] {
  const rows = db
    .prepare(
      `WITH RECURSIVE aliases(id) AS (SELECT ? UNION SELECT r.from_id FROM directory_redirects r JOIN aliases a ON r.to_id = a.id)
       SELECT id FROM aliases`,
    )
    .all(personId) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** A person's production history, newest first, derived from every production's credits. */
export function personHistory(db: SqliteDatabase, personId: string): HistoryEntry[] {
  const ids = aliasesOf(db, personId);
  const rows = db
    .prepare(
      `SELECT c.id, c.production_id, c.person_id, c.department, c.role, c.billing, c.understudy, c.swing, c.standby,
              pr.title, pr.season, pr.opening
       FROM directory_credits c LEFT JOIN productions pr ON pr.id = c.production_id
       WHERE c.person_id IN (SELECT value FROM json_each(?))
       ORDER BY COALESCE(pr.opening, '') DESC, pr.season DESC, c.production_id, c.billing`,
    )
    .all(JSON.stringify(ids)) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    creditId: String(r.id),
    productionId: String(r.production_id),
    title: r.title == null ? String(r.production_id) : String(r.title),
    season: r.season == null ? '' : String(r.season),
    opening: r.opening == null ? null : String(r.opening),
    department: r.department as Department,
    role: String(r.role),
    billing: Number(r.billing),
    understudy: !!r.understudy,
    swing: !!r.swing,
    standby: !!r.standby,
    via: r.person_id === personId ? null : String(r.person_id),
  }));
}

/** A production's credits in department order, then billing order, with current names. */
export function productionCredits(db: SqliteDatabase, productionId: string): CreditRow[] {
  const rows = db
    .prepare(
      `SELECT c.*, COALESCE(r.to_id, c.person_id) AS resolved, p.name AS person_name, p.stage_name
       FROM directory_credits c
       LEFT JOIN directory_redirects r ON r.from_id = c.person_id
       LEFT JOIN directory_people p ON p.id = COALESCE(r.to_id, c.person_id)
       WHERE c.production_id = ?
       ORDER BY c.billing, c.role`,
    )
    .all(productionId) as Array<Record<string, unknown>>;
  const order = new Map(DEPARTMENTS.map((d, i) => [d as string, i]));
  return rows
    .map((r) => ({
      id: String(r.id),
      productionId,
      personId: String(r.resolved),
      personName: r.person_name == null ? '(unknown person)' : String(r.person_name),
      stageName: r.stage_name == null ? '' : String(r.stage_name),
      department: r.department as Department,
      role: String(r.role),
      billing: Number(r.billing),
      understudy: !!r.understudy,
      swing: !!r.swing,
      standby: !!r.standby,
      startDate: String(r.start_date),
      endDate: String(r.end_date),
    }))
    .sort((a, b) => (order.get(a.department) ?? 99) - (order.get(b.department) ?? 99) || a.billing - b.billing);
}

/** Values to offer in the search filters, with how many people carry each. */
export function facets(db: SqliteDatabase): { skills: Array<{ value: string; count: number }>; unions: Array<{ value: string; count: number }>; seasons: string[] } {
  const tag = (kind: string) =>
    (db
      .prepare(
        `SELECT MIN(t.label) AS value, COUNT(*) AS count FROM directory_tags t JOIN directory_people p ON p.id = t.person_id
         WHERE t.kind = ? AND p.merged_into IS NULL GROUP BY t.value ORDER BY count DESC, value LIMIT 200`,
      )
      .all(kind) as Array<{ value: string; count: number }>);
  const seasons = (db.prepare('SELECT DISTINCT season FROM productions ORDER BY season DESC').all() as Array<{ season: string }>).map((r) => r.season);
  return { skills: tag('skill'), unions: tag('union'), seasons };
}

/** People who share a normalized e-mail address with `email` (for duplicate detection). */
export function peopleWithEmail(db: SqliteDatabase, email: string): string[] {
  return (
    db
      .prepare('SELECT e.person_id FROM directory_emails e JOIN directory_people p ON p.id = e.person_id WHERE e.email = ? AND p.merged_into IS NULL')
      .all(email.trim().toLowerCase()) as Array<{ person_id: string }>
  ).map((r) => r.person_id);
}
