/**
 * Venues: one document each (type `venue`, id and scope `venue:<id>`) with its spaces,
 * weekly availability windows and blackout dates; the `venues` table lists them.
 */
import type { SqliteDatabase } from '../store/database.ts';
import type { Projection } from '../store/projection.ts';
import { plain, type Venue, type VenueDoc } from './model.ts';

export const VENUE_DOC_TYPE = 'venue';
export const venueDocId = (id: string) => `venue:${id}`;
export const venueScope = (id: string) => `venue:${id}`;

export interface VenueRow {
  id: string;
  name: string;
  address: string;
  timeZone: string;
}

export const venuesProjection: Projection<VenueDoc> = {
  name: 'venues',
  version: 1,
  docTypes: [VENUE_DOC_TYPE],
  setup(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS venues (
      id TEXT PRIMARY KEY,
      doc_id TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      address TEXT NOT NULL,
      time_zone TEXT NOT NULL,
      venue_json TEXT NOT NULL
    );`);
  },
  clear(db) {
    db.exec('DELETE FROM venues');
  },
  apply(db, { docId, doc }) {
    if (!doc.venue) return;
    const v = plain<Venue>(doc.venue);
    db.prepare(
      `INSERT INTO venues (id, doc_id, name, address, time_zone, venue_json) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, address = excluded.address, time_zone = excluded.time_zone, venue_json = excluded.venue_json`,
    ).run(v.id, docId, v.name, v.address, v.timeZone, JSON.stringify(v));
  },
  remove(db, docId) {
    db.prepare('DELETE FROM venues WHERE doc_id = ?').run(docId);
  },
};

/** Every venue (from the projection). */
export function listVenues(db: SqliteDatabase): Venue[] {
  return (db.prepare('SELECT venue_json FROM venues ORDER BY name').all() as Array<{ venue_json: string }>).map(
    (r) => JSON.parse(r.venue_json) as Venue,
  );
}

export function getVenue(db: SqliteDatabase, id: string): Venue | undefined {
  const row = db.prepare('SELECT venue_json FROM venues WHERE id = ?').get(id) as { venue_json: string } | undefined;
  return row ? (JSON.parse(row.venue_json) as Venue) : undefined;
}
