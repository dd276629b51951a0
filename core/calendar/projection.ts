/**
 * The `calendar` projection: every event of every production, and its occurrences
 * materialized within a window (docs/decisions/0002-calendar-recurrence-and-occurrences.md).
 *
 *   calendar_events        one row per event (the event as JSON, for lazy expansion)
 *   calendar_event_spans   R*Tree of each event's [first start, last end] in minutes (unbounded: far future)
 *   calendar_event_people  who is called to which event (people and groups, incl. changed occurrences)
 *   calendar_occurrences   single events always; recurring occurrences whose start lies in the window
 *   calendar_window        the materialized window [from_utc, to_utc) (moved only forward, by
 *                          CalendarService from the injected clock; a rebuild uses the same window)
 *
 * Queries outside the window expand the recurring events found in the span index, so an
 * unbounded rule is never materialized to the end of time.
 */
import type { SqliteDatabase } from '../store/database.ts';
import type { Projection } from '../store/projection.ts';
import { plain, type CalendarEvent } from './model.ts';
import { expandEvent, eventSpan, type Occurrence } from './occurrences.ts';
import { PRODUCTION_DOC_TYPE, type ProductionDoc } from './production.ts';
import { MINUTE } from './time.ts';

/** Span index "end" for unbounded series (minutes). */
export const FAR_FUTURE_MIN = 1e11;

export interface MaterializedWindow {
  fromUtc: number;
  toUtc: number;
}

export function readWindow(db: SqliteDatabase): MaterializedWindow {
  const row = db.prepare('SELECT from_utc, to_utc FROM calendar_window WHERE id = 1').get() as { from_utc: number; to_utc: number } | undefined;
  return row ? { fromUtc: row.from_utc, toUtc: row.to_utc } : { fromUtc: 0, toUtc: 0 };
}

/** The plain events of a production document. */
export function docEvents(doc: ProductionDoc): CalendarEvent[] {
  if (!doc.events) return [];
  return Object.values(doc.events).map((e) => plain<CalendarEvent>(e));
}

const INSERT_OCC = `INSERT INTO calendar_occurrences (production_id, event_id, recurrence_id, start_utc, end_utc, start_local, end_local,
  time_zone, type, title, venue_id, space_id, public, blocks_venue, changed, people_json, groups_json, notes)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export function insertOccurrences(db: SqliteDatabase, occurrences: readonly Occurrence[]): void {
  const stmt = db.prepare(INSERT_OCC);
  for (const o of occurrences) {
    stmt.run(
      o.productionId,
      o.eventId,
      o.recurrenceId ?? '',
      o.startUtc,
      o.endUtc,
      o.start,
      o.end,
      o.timeZone,
      o.type,
      o.title,
      o.venueId,
      o.spaceId,
      o.public ? 1 : 0,
      o.blocksVenue ? 1 : 0,
      o.changed ? 1 : 0,
      JSON.stringify(o.people),
      JSON.stringify(o.groups),
      o.notes,
    );
  }
}

/** Recurring occurrences to materialize for `e`: those starting in [from, to). */
export function windowOccurrences(productionId: string, e: CalendarEvent, w: MaterializedWindow): Occurrence[] {
  if (!e.rule) return expandEvent(productionId, e, -8.64e15, 8.64e15);
  if (w.toUtc <= w.fromUtc) return [];
  return expandEvent(productionId, e, w.fromUtc, w.toUtc).filter((o) => o.startUtc >= w.fromUtc && o.startUtc < w.toUtc);
}

function removeEvent(db: SqliteDatabase, productionId: string, eventId: string): void {
  db.prepare('DELETE FROM calendar_event_spans WHERE id IN (SELECT rid FROM calendar_events WHERE production_id = ? AND event_id = ?)').run(productionId, eventId);
  db.prepare('DELETE FROM calendar_events WHERE production_id = ? AND event_id = ?').run(productionId, eventId);
  db.prepare('DELETE FROM calendar_event_people WHERE production_id = ? AND event_id = ?').run(productionId, eventId);
  db.prepare('DELETE FROM calendar_occurrences WHERE production_id = ? AND event_id = ?').run(productionId, eventId);
}

function removeProduction(db: SqliteDatabase, productionId: string): void {
  db.prepare(
    'DELETE FROM calendar_event_spans WHERE id IN (SELECT rid FROM calendar_events WHERE production_id = ?)',
  ).run(productionId);
  db.prepare('DELETE FROM calendar_events WHERE production_id = ?').run(productionId);
  db.prepare('DELETE FROM calendar_event_people WHERE production_id = ?').run(productionId);
  db.prepare('DELETE FROM calendar_occurrences WHERE production_id = ?').run(productionId);
}

export const calendarProjection: Projection<ProductionDoc> = {
  name: 'calendar',
  version: 1,
  docTypes: [PRODUCTION_DOC_TYPE],
  setup(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS calendar_events (
        rid INTEGER PRIMARY KEY,
        production_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        type TEXT NOT NULL,
        title TEXT NOT NULL,
        venue_id TEXT,
        recurring INTEGER NOT NULL,
        first_utc INTEGER NOT NULL,
        last_utc INTEGER,
        public INTEGER NOT NULL,
        event_json TEXT NOT NULL,
        UNIQUE (production_id, event_id)
      );
      CREATE VIRTUAL TABLE IF NOT EXISTS calendar_event_spans USING rtree(id, min_minute, max_minute);
      CREATE TABLE IF NOT EXISTS calendar_event_people (
        production_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        PRIMARY KEY (person_id, kind, production_id, event_id)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS calendar_event_people_event ON calendar_event_people(production_id, event_id);
      CREATE TABLE IF NOT EXISTS calendar_occurrences (
        production_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        recurrence_id TEXT NOT NULL,
        start_utc INTEGER NOT NULL,
        end_utc INTEGER NOT NULL,
        start_local TEXT NOT NULL,
        end_local TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        type TEXT NOT NULL,
        title TEXT NOT NULL,
        venue_id TEXT,
        space_id TEXT,
        public INTEGER NOT NULL,
        blocks_venue INTEGER NOT NULL,
        changed INTEGER NOT NULL,
        people_json TEXT NOT NULL,
        groups_json TEXT NOT NULL,
        notes TEXT NOT NULL,
        PRIMARY KEY (production_id, event_id, recurrence_id)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS calendar_occurrences_start ON calendar_occurrences(start_utc);
      CREATE INDEX IF NOT EXISTS calendar_occurrences_venue ON calendar_occurrences(venue_id, start_utc);
      CREATE INDEX IF NOT EXISTS calendar_occurrences_production ON calendar_occurrences(production_id, start_utc);
      CREATE TABLE IF NOT EXISTS calendar_window (id INTEGER PRIMARY KEY CHECK (id = 1), from_utc INTEGER NOT NULL, to_utc INTEGER NOT NULL);
    `);
  },
  clear(db) {
    db.exec(`DELETE FROM calendar_event_spans; DELETE FROM calendar_events; DELETE FROM calendar_event_people; DELETE FROM calendar_occurrences;`);
  },
  apply(db, { doc, patches, fromHeads }) {
    if (!doc.production) return;
    const productionId = String(doc.production.id);
    // Re-derive only the events the patches touch: all of them on first indexing or when a
    // patch is neither under `events/<id>` nor about the production's header.
    let only: Set<string> | null = fromHeads === null ? null : new Set();
    for (const p of patches) {
      if (only === null) break;
      if (p.path[0] === 'events' && typeof p.path[1] === 'string') only.add(p.path[1]);
      else if (p.path[0] !== 'production' && p.path[0] !== 'timeZone') only = null;
    }
    if (only === null) removeProduction(db, productionId);
    else for (const id of only) removeEvent(db, productionId, id);
    const w = readWindow(db);
    const insEvent = db.prepare(
      `INSERT INTO calendar_events (production_id, event_id, type, title, venue_id, recurring, first_utc, last_utc, public, event_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insSpan = db.prepare('INSERT INTO calendar_event_spans (id, min_minute, max_minute) VALUES (?, ?, ?)');
    const insPerson = db.prepare('INSERT OR IGNORE INTO calendar_event_people (production_id, event_id, person_id, kind) VALUES (?, ?, ?, ?)');
    const events = only === null ? docEvents(doc) : [...only].flatMap((id) => (doc.events?.[id] ? [plain<CalendarEvent>(doc.events[id])] : []));
    for (const e of events) {
      const span = eventSpan(e);
      const info = insEvent.run(
        productionId,
        e.id,
        e.type,
        e.title,
        e.venueId,
        e.rule ? 1 : 0,
        span.firstUtc,
        span.lastUtc,
        e.public ? 1 : 0,
        JSON.stringify(e),
      );
      insSpan.run(info.lastInsertRowid, Math.floor(span.firstUtc / MINUTE) - 1, span.lastUtc === null ? FAR_FUTURE_MIN : Math.ceil(span.lastUtc / MINUTE) + 1);
      const people = new Set(e.people);
      for (const o of Object.values(e.overrides)) for (const p of o.people ?? []) people.add(p);
      for (const p of people) insPerson.run(productionId, e.id, p, 'person');
      for (const g of e.groups) insPerson.run(productionId, e.id, g, 'group');
      insertOccurrences(db, windowOccurrences(productionId, e, w));
    }
  },
  remove(db, docId) {
    removeProduction(db, docId.replace(/^production:/, ''));
  },
};

/**
 * Moves the materialized window to [fromUtc, toUtc) (only ever growing): occurrences of
 * recurring events in the added ranges are inserted. Runs in the caller's transaction.
 */
export function extendWindow(db: SqliteDatabase, next: MaterializedWindow): MaterializedWindow {
  const cur = readWindow(db);
  const empty = cur.toUtc <= cur.fromUtc;
  const target = empty ? next : { fromUtc: Math.min(cur.fromUtc, next.fromUtc), toUtc: Math.max(cur.toUtc, next.toUtc) };
  if (!empty && target.fromUtc === cur.fromUtc && target.toUtc === cur.toUtc) return cur;
  const ranges: MaterializedWindow[] = empty
    ? [target]
    : [
        { fromUtc: target.fromUtc, toUtc: cur.fromUtc },
        { fromUtc: cur.toUtc, toUtc: target.toUtc },
      ].filter((r) => r.toUtc > r.fromUtc);
  const events = db.prepare(
    `SELECT e.production_id, e.event_json FROM calendar_event_spans s JOIN calendar_events e ON e.rid = s.id
     WHERE e.recurring = 1 AND s.max_minute >= ? AND s.min_minute <= ?`,
  );
  for (const r of ranges) {
    const rows = events.all(Math.floor(r.fromUtc / MINUTE) - 1, Math.ceil(r.toUtc / MINUTE) + 1) as Array<{ production_id: string; event_json: string }>;
    for (const row of rows) {
      const e = JSON.parse(row.event_json) as CalendarEvent;
      insertOccurrences(db, windowOccurrences(row.production_id, e, r));
    }
  }
  db.prepare(
    'INSERT INTO calendar_window (id, from_utc, to_utc) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET from_utc = excluded.from_utc, to_utc = excluded.to_utc',
  ).run(target.fromUtc, target.toUtc);
  return target;
}
