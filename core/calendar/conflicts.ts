/**
 * Conflicts of an event's occurrences with the rest of the calendar: the same venue (and
 * space) booked twice, a called person or group called twice, a venue's blackout dates and
 * availability windows. Conflicts are warnings: the scheduler may keep the event with a
 * recorded reason.
 */
import type { SqliteDatabase } from '../store/database.ts';
import type { Venue } from './model.ts';
import type { Occurrence } from './occurrences.ts';
import { queryOccurrences } from './queries.ts';
import { MAX_EVENT_DAYS } from './model.ts';
import { DAY, formatLocal, parseDate, parseLocal, utcToLocal } from './time.ts';

const CHUNK = 90 * DAY;

export const CONFLICT_KINDS = ['venue', 'person', 'group', 'blackout', 'availability'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export interface Conflict {
  kind: ConflictKind;
  /** The occurrence of the event being checked. */
  productionId: string;
  eventId: string;
  recurrenceId: string | null;
  start: string;
  end: string;
  timeZone: string;
  /** The other booking, for venue/person/group conflicts. */
  other?: { productionId: string; eventId: string; recurrenceId: string | null; title: string; start: string; end: string; timeZone: string };
  venueId?: string;
  personId?: string;
  groupId?: string;
  message: string;
}

export interface ConflictOptions {
  venue: (id: string) => Venue | undefined;
  /** Events (production:event) to leave out of the comparison, e.g. the series being changed. */
  exclude?: ReadonlySet<string>;
  /** Name for a person id in messages. */
  personName?: (id: string) => string;
}

const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** Conflicts of the given occurrences (of one or more events) with what is already scheduled. */
export function findConflicts(db: SqliteDatabase, occurrences: readonly Occurrence[], options: ConflictOptions): Conflict[] {
  const out: Conflict[] = [];
  const name = options.personName ?? ((id: string) => id);
  // One query per stretch of ~90 days of candidates (a series is checked in a few queries,
  // not one per occurrence); then a binary search finds each candidate's overlaps.
  const sorted = [...occurrences].sort((a, b) => a.startUtc - b.startUtc);
  const booked: Occurrence[] = [];
  let i = 0;
  while (i < sorted.length) {
    const from = sorted[i]!.startUtc;
    let to = sorted[i]!.endUtc;
    let j = i;
    while (j < sorted.length && sorted[j]!.startUtc < from + CHUNK) to = Math.max(to, sorted[j++]!.endUtc);
    booked.push(...queryOccurrences(db, { fromUtc: from, toUtc: to, ...(options.exclude ? { excludeEvents: options.exclude } : {}) }));
    i = j;
  }
  const seen = new Set<string>();
  const unique = booked.filter((x) => {
    const k = `${x.productionId}/${x.eventId}/${x.recurrenceId}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  unique.sort((a, b) => a.startUtc - b.startUtc);
  const overlapping = (o: Occurrence): Occurrence[] => {
    let lo = 0;
    let hi = unique.length;
    const min = o.startUtc - MAX_EVENT_DAYS * DAY;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (unique[mid]!.startUtc < min) lo = mid + 1;
      else hi = mid;
    }
    const res: Occurrence[] = [];
    for (let k = lo; k < unique.length && unique[k]!.startUtc < o.endUtc; k++) if (unique[k]!.endUtc > o.startUtc) res.push(unique[k]!);
    return res;
  };
  for (const o of occurrences) {
    const base = {
      productionId: o.productionId,
      eventId: o.eventId,
      recurrenceId: o.recurrenceId,
      start: o.start,
      end: o.end,
      timeZone: o.timeZone,
    };
    const others = overlapping(o).filter((x) => !(x.productionId === o.productionId && x.eventId === o.eventId));
    for (const x of others) {
      const other = {
        productionId: x.productionId,
        eventId: x.eventId,
        recurrenceId: x.recurrenceId,
        title: x.title,
        start: x.start,
        end: x.end,
        timeZone: x.timeZone,
      };
      if (o.venueId !== null && o.venueId === x.venueId && o.blocksVenue && x.blocksVenue) {
        if (o.spaceId === null || x.spaceId === null || o.spaceId === x.spaceId) {
          const venue = options.venue(o.venueId);
          const space = venue?.spaces.find((s) => s.id === (o.spaceId ?? x.spaceId));
          const where = `${venue?.name ?? o.venueId}${space ? ` (${space.name})` : ''}`;
          out.push({ ...base, kind: 'venue', other, venueId: o.venueId, message: `${where} is already booked for "${x.title}" ${x.start.replace('T', ' ')}–${x.end.slice(11)}` });
        }
      }
      for (const p of o.people) {
        if (x.people.includes(p)) {
          out.push({ ...base, kind: 'person', other, personId: p, message: `${name(p)} is already called for "${x.title}" ${x.start.replace('T', ' ')}–${x.end.slice(11)}` });
        }
      }
      for (const g of o.groups) {
        if (x.groups.includes(g)) {
          out.push({ ...base, kind: 'group', other, groupId: g, message: `Group ${g} is already called for "${x.title}" ${x.start.replace('T', ' ')}–${x.end.slice(11)}` });
        }
      }
    }
    if (o.venueId !== null) {
      const venue = options.venue(o.venueId);
      if (venue) out.push(...venueRuleConflicts(venue, o, base));
    }
  }
  return out;
}

function venueRuleConflicts(venue: Venue, o: Occurrence, base: Omit<Conflict, 'kind' | 'message'>): Conflict[] {
  const out: Conflict[] = [];
  const startLocal = utcToLocal(o.startUtc, venue.timeZone);
  const endLocal = utcToLocal(o.endUtc - 1, venue.timeZone);
  const startDay = Math.floor(parseLocal(startLocal)! / DAY);
  const endDay = Math.floor(parseLocal(endLocal)! / DAY);
  for (const b of venue.blackouts) {
    const bs = parseDate(b.start)!;
    const be = parseDate(b.end)!;
    if (startDay <= be && endDay >= bs) {
      out.push({
        ...base,
        kind: 'blackout',
        venueId: venue.id,
        message: `${venue.name} is unavailable ${b.start === b.end ? `on ${b.start}` : `from ${b.start} to ${b.end}`}${b.reason ? ` (${b.reason})` : ''}`,
      });
    }
  }
  if (venue.availability.length > 0 && o.blocksVenue) {
    const from = startLocal.slice(11);
    const to = formatLocal(parseLocal(utcToLocal(o.endUtc, venue.timeZone))!).slice(11);
    const wd = WEEKDAY_CODES[(((startDay + 3) % 7) + 7) % 7]!;
    const fits =
      startDay === endDay &&
      venue.availability.some((w) => w.days.includes(wd) && w.from <= from && (to === '00:00' ? w.to === '24:00' : to <= w.to));
    if (!fits) {
      out.push({
        ...base,
        kind: 'availability',
        venueId: venue.id,
        message: `${venue.name} is not available ${startLocal.replace('T', ' ')}–${to} (open ${venue.availability.map((w) => `${w.days.join(',')} ${w.from}–${w.to}`).join('; ')})`,
      });
    }
  }
  return out;
}

/** A stable short key for a conflict, recorded when a scheduler overrides it. */
export function conflictKey(c: Conflict): string {
  const who = c.personId ?? c.groupId ?? c.venueId ?? '';
  const other = c.other ? `${c.other.productionId}/${c.other.eventId}` : '';
  return `${c.kind}:${c.recurrenceId ?? c.start}:${who}:${other}`;
}
