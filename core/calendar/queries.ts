/**
 * Reading occurrences: from the materialized rows inside the window, and by expanding the
 * recurring events of the span index for the parts of a query outside it.
 */
import type { SqliteDatabase } from '../store/database.ts';
import type { CalendarEvent, EventType } from './model.ts';
import { MAX_EVENT_DAYS } from './model.ts';
import { expandEvent, type Occurrence } from './occurrences.ts';
import { readWindow } from './projection.ts';
import { DAY, MINUTE } from './time.ts';

export interface OccurrenceFilter {
  fromUtc: number;
  toUtc: number;
  productionIds?: readonly string[];
  venueId?: string;
  /** With venueId: occurrences in this space or in the whole venue (no space). */
  spaceId?: string;
  personId?: string;
  groupIds?: readonly string[];
  types?: readonly EventType[];
  publicOnly?: boolean;
  /** Leave out these events (production:event), e.g. the one being moved. */
  excludeEvents?: ReadonlySet<string>;
}

interface OccRow {
  production_id: string;
  event_id: string;
  recurrence_id: string;
  start_utc: number;
  end_utc: number;
  start_local: string;
  end_local: string;
  time_zone: string;
  type: EventType;
  title: string;
  venue_id: string | null;
  space_id: string | null;
  public: number;
  blocks_venue: number;
  changed: number;
  people_json: string;
  groups_json: string;
  notes: string;
}

function rowToOccurrence(r: OccRow): Occurrence {
  return {
    productionId: r.production_id,
    eventId: r.event_id,
    recurrenceId: r.recurrence_id === '' ? null : r.recurrence_id,
    type: r.type,
    title: r.title,
    start: r.start_local,
    end: r.end_local,
    timeZone: r.time_zone,
    startUtc: r.start_utc,
    endUtc: r.end_utc,
    venueId: r.venue_id,
    spaceId: r.space_id,
    public: r.public === 1,
    blocksVenue: r.blocks_venue === 1,
    changed: r.changed === 1,
    people: JSON.parse(r.people_json) as string[],
    groups: JSON.parse(r.groups_json) as string[],
    notes: r.notes,
  };
}

function matches(o: Occurrence, f: OccurrenceFilter): boolean {
  if (!(o.startUtc < f.toUtc && o.endUtc > f.fromUtc)) return false;
  if (f.productionIds && !f.productionIds.includes(o.productionId)) return false;
  if (f.venueId !== undefined) {
    if (o.venueId !== f.venueId) return false;
    if (f.spaceId !== undefined && o.spaceId !== null && o.spaceId !== f.spaceId) return false;
  }
  if (f.types && !f.types.includes(o.type)) return false;
  if (f.publicOnly && !o.public) return false;
  if (f.personId !== undefined || f.groupIds !== undefined) {
    const byPerson = f.personId !== undefined && o.people.includes(f.personId);
    const byGroup = f.groupIds !== undefined && o.groups.some((g) => f.groupIds!.includes(g));
    if (!byPerson && !byGroup) return false;
  }
  if (f.excludeEvents?.has(`${o.productionId}:${o.eventId}`)) return false;
  return true;
}

type Stmt = { all(...args: unknown[]): unknown[]; get(...args: unknown[]): unknown };
const statements = new WeakMap<SqliteDatabase, Map<string, Stmt>>();

function prepared(db: SqliteDatabase, sql: string): Stmt {
  let m = statements.get(db);
  if (!m) {
    m = new Map();
    statements.set(db, m);
  }
  let s = m.get(sql);
  if (!s) {
    s = db.prepare(sql) as unknown as Stmt;
    m.set(sql, s);
  }
  return s;
}

/** Occurrences overlapping [fromUtc, toUtc), sorted by start. The caller bounds the window. */
export function queryOccurrences(db: SqliteDatabase, f: OccurrenceFilter): Occurrence[] {
  const lookBack = f.fromUtc - MAX_EVENT_DAYS * DAY;
  const where = ['o.start_utc >= ?', 'o.start_utc < ?', 'o.end_utc > ?'];
  const args: unknown[] = [lookBack, f.toUtc, f.fromUtc];
  if (f.venueId !== undefined) {
    where.push('o.venue_id = ?');
    args.push(f.venueId);
  }
  if (f.productionIds && f.productionIds.length === 1) {
    where.push('o.production_id = ?');
    args.push(f.productionIds[0]);
  }
  if (f.publicOnly) where.push('o.public = 1');
  const personJoin = personEventsClause(f, args);
  if (personJoin) where.push(personJoin);
  const rows = prepared(db, `SELECT o.* FROM calendar_occurrences o WHERE ${where.join(' AND ')} ORDER BY o.start_utc`).all(...args) as OccRow[];
  const out = rows.map(rowToOccurrence).filter((o) => matches(o, f));

  // Recurring occurrences starting outside the materialized window.
  const w = readWindow(db);
  const outside: Array<[number, number]> = [];
  if (w.toUtc <= w.fromUtc) outside.push([lookBack, f.toUtc]);
  else {
    if (lookBack < w.fromUtc) outside.push([lookBack, Math.min(f.toUtc, w.fromUtc)]);
    if (f.toUtc > w.toUtc) outside.push([Math.max(lookBack, w.toUtc), f.toUtc]);
  }
  if (outside.length > 0) {
    const inWindow = (t: number) => w.toUtc > w.fromUtc && t >= w.fromUtc && t < w.toUtc;
    const largs: unknown[] = [Math.floor(lookBack / MINUTE) - 1, Math.ceil(f.toUtc / MINUTE) + 1];
    const lwhere = ['e.recurring = 1', 's.max_minute >= ?', 's.min_minute <= ?'];
    if (f.productionIds && f.productionIds.length === 1) {
      lwhere.push('e.production_id = ?');
      largs.push(f.productionIds[0]);
    }
    if (f.publicOnly) lwhere.push('e.public = 1');
    const pj = personEventsClause(f, largs, 'e');
    if (pj) lwhere.push(pj);
    const series = prepared(
      db,
      `SELECT e.production_id, e.event_json FROM calendar_event_spans s JOIN calendar_events e ON e.rid = s.id WHERE ${lwhere.join(' AND ')}`,
    ).all(...largs) as Array<{ production_id: string; event_json: string }>;
    for (const s of series) {
      const e = JSON.parse(s.event_json) as CalendarEvent;
      for (const o of expandEvent(s.production_id, e, f.fromUtc, f.toUtc)) {
        if (!inWindow(o.startUtc) && matches(o, f)) out.push(o);
      }
    }
    out.sort((a, b) => a.startUtc - b.startUtc || a.eventId.localeCompare(b.eventId));
  }
  return out;
}

function personEventsClause(f: OccurrenceFilter, args: unknown[], alias = 'o'): string | undefined {
  const keys: string[] = [];
  if (f.personId !== undefined) {
    keys.push("(p.kind = 'person' AND p.person_id = ?)");
    args.push(f.personId);
  }
  for (const g of f.groupIds ?? []) {
    keys.push("(p.kind = 'group' AND p.person_id = ?)");
    args.push(g);
  }
  if (keys.length === 0) return undefined;
  return `EXISTS (SELECT 1 FROM calendar_event_people p WHERE p.production_id = ${alias}.production_id AND p.event_id = ${alias}.event_id AND (${keys.join(' OR ')}))`;
}

/** One event as stored in the projection. */
export function getEventRow(db: SqliteDatabase, productionId: string, eventId: string): CalendarEvent | undefined {
  const row = prepared(db, 'SELECT event_json FROM calendar_events WHERE production_id = ? AND event_id = ?').get(productionId, eventId) as
    | { event_json: string }
    | undefined;
  return row ? (JSON.parse(row.event_json) as CalendarEvent) : undefined;
}
