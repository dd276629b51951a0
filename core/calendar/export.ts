/**
 * Exports: iCalendar (whole events with RRULE/EXDATE and changed occurrences as
 * RECURRENCE-ID components), and CSV/JSON (expanded occurrences within a window).
 */
import { stringify } from 'csv-stringify/sync';
import type { SqliteDatabase } from '../store/database.ts';
import { escapeText, icalLocal, icalUtc, paramValue, serialize, vtimezone } from './ical-format.ts';
import type { CalendarEvent, Venue } from './model.ts';
import { eventSpan, expandEvent, type Occurrence } from './occurrences.ts';
import { formatRule } from './recurrence.ts';
import { DAY, localToUtc } from './time.ts';

export const EXPORT_KINDS = ['production', 'venue', 'person', 'public', 'all'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportSelection {
  kind: ExportKind;
  /** Production, venue or person id (not for `public` and `all`). */
  id?: string;
}

export interface ExportEvent {
  productionId: string;
  productionTitle: string;
  event: CalendarEvent;
}

export interface ExportContext {
  now: number;
  venue: (id: string) => Venue | undefined;
  personName: (id: string) => string;
  /** Public feeds leave out people, notes and internal events. */
  publicOnly: boolean;
  calendarName: string;
}

/** The events a selection covers, from the projection (caller filters by permission). */
export function selectEvents(db: SqliteDatabase, sel: ExportSelection): ExportEvent[] {
  let rows: Array<{ production_id: string; event_json: string; title: string | null }>;
  const base = 'SELECT e.production_id, e.event_json, p.title FROM calendar_events e LEFT JOIN productions p ON p.id = e.production_id';
  switch (sel.kind) {
    case 'production':
      rows = db.prepare(`${base} WHERE e.production_id = ? ORDER BY e.first_utc`).all(sel.id) as typeof rows;
      break;
    case 'venue':
      rows = db.prepare(`${base} WHERE e.venue_id = ? OR e.event_json LIKE ? ORDER BY e.first_utc`).all(sel.id, `%"venueId":${JSON.stringify(sel.id)}%`) as typeof rows;
      break;
    case 'person':
      rows = db
        .prepare(`${base} WHERE EXISTS (SELECT 1 FROM calendar_event_people x WHERE x.production_id = e.production_id AND x.event_id = e.event_id AND x.kind = 'person' AND x.person_id = ?) ORDER BY e.first_utc`)
        .all(sel.id) as typeof rows;
      break;
    case 'public':
      rows = db.prepare(`${base} WHERE e.public = 1 AND (p.status IS NULL OR p.status <> 'cancelled') ORDER BY e.first_utc`).all() as typeof rows;
      break;
    default:
      rows = db.prepare(`${base} ORDER BY e.first_utc`).all() as typeof rows;
  }
  return rows
    .map((r) => ({ productionId: r.production_id, productionTitle: r.title ?? r.production_id, event: JSON.parse(r.event_json) as CalendarEvent }))
    .filter((x) => sel.kind !== 'venue' || x.event.venueId === sel.id || Object.values(x.event.overrides).some((o) => o.venueId === sel.id));
}

export function eventUid(productionId: string, eventId: string): string {
  return `${eventId}.${productionId}@callboard`;
}

function location(ctx: ExportContext, venueId: string | null, spaceId: string | null): string | undefined {
  if (venueId === null) return undefined;
  const v = ctx.venue(venueId);
  if (!v) return venueId;
  const space = spaceId ? v.spaces.find((s) => s.id === spaceId)?.name : undefined;
  return [v.name + (space ? ` – ${space}` : ''), v.address].filter(Boolean).join(', ');
}

const TYPE_LABEL: Record<string, string> = {
  audition: 'Audition',
  rehearsal: 'Rehearsal',
  costume_fitting: 'Costume fitting',
  tech: 'Tech',
  dress: 'Dress rehearsal',
  preview: 'Preview',
  performance: 'Performance',
  strike: 'Strike',
  meeting: 'Meeting',
  other: 'Other',
};

export function typeLabel(type: string): string {
  return TYPE_LABEL[type] ?? type;
}

function componentLines(
  x: ExportEvent,
  ctx: ExportContext,
  fields: { title: string; start: string; end: string; venueId: string | null; spaceId: string | null; notes: string; people: string[] },
  extra: string[],
): string[] {
  const e = x.event;
  const tz = e.timeZone;
  const lines = [
    'BEGIN:VEVENT',
    `UID:${eventUid(x.productionId, e.id)}`,
    `DTSTAMP:${icalUtc(ctx.now)}`,
    ...extra,
    `DTSTART;TZID=${tz}:${icalLocal(fields.start)}`,
    `DTEND;TZID=${tz}:${icalLocal(fields.end)}`,
    `SUMMARY:${escapeText(`${fields.title}`)}`,
    `SEQUENCE:${e.sequence}`,
    `CATEGORIES:${escapeText(typeLabel(e.type))}`,
    `CLASS:${e.public ? 'PUBLIC' : 'PRIVATE'}`,
    `TRANSP:${e.blocksVenue ? 'OPAQUE' : 'TRANSPARENT'}`,
    `X-CALLBOARD-TYPE:${e.type}`,
    `X-CALLBOARD-PRODUCTION:${escapeText(x.productionTitle)}`,
  ];
  const loc = location(ctx, fields.venueId, fields.spaceId);
  if (loc) lines.push(`LOCATION:${escapeText(loc)}`);
  if (!ctx.publicOnly) {
    const desc = [fields.notes, fields.people.length ? `Called: ${fields.people.map(ctx.personName).join(', ')}` : ''].filter(Boolean).join('\n\n');
    if (desc) lines.push(`DESCRIPTION:${escapeText(desc)}`);
    for (const p of fields.people) lines.push(`ATTENDEE;CN=${paramValue(ctx.personName(p))};ROLE=REQ-PARTICIPANT:urn:callboard:person:${encodeURIComponent(p)}`);
    if (fields.venueId) lines.push(`X-CALLBOARD-VENUE:${fields.venueId}${fields.spaceId ? `/${fields.spaceId}` : ''}`);
  }
  lines.push('END:VEVENT');
  return lines;
}

/** An iCalendar stream of whole events (RRULE, EXDATE, RECURRENCE-ID). */
export function toICalendar(events: readonly ExportEvent[], ctx: ExportContext): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Callboard//Calendar//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(ctx.calendarName)}`];
  const spans = new Map<string, [number, number]>();
  const selected = events.filter((x) => !ctx.publicOnly || x.event.public);
  for (const x of selected) {
    const s = eventSpan(x.event);
    const end = Math.max(s.lastUtc ?? ctx.now + 5 * 366 * DAY, ctx.now + 366 * DAY);
    const cur = spans.get(x.event.timeZone);
    spans.set(x.event.timeZone, cur ? [Math.min(cur[0], s.firstUtc), Math.max(cur[1], end)] : [s.firstUtc, end]);
  }
  for (const [tz, [from, to]] of [...spans].sort((a, b) => a[0].localeCompare(b[0]))) {
    lines.push(...vtimezone(tz, from - 366 * DAY, to + 366 * DAY));
  }
  for (const x of selected) {
    const e = x.event;
    const extra: string[] = [];
    if (e.rule) {
      extra.push(`RRULE:${formatRule(e.rule, (local) => icalUtc(localToUtc(local, e.timeZone)))}`);
      if (e.exdates.length) extra.push(`EXDATE;TZID=${e.timeZone}:${e.exdates.map(icalLocal).join(',')}`);
    }
    lines.push(...componentLines(x, ctx, e, extra));
    if (!e.rule) continue;
    for (const [rid, o] of Object.entries(e.overrides).sort(([a], [b]) => a.localeCompare(b))) {
      if (o.cancelled || e.exdates.includes(rid)) continue;
      const occ = expandEvent(x.productionId, e, localToUtc(o.start ?? rid, e.timeZone) - 1, localToUtc(o.start ?? rid, e.timeZone) + 1).find((q) => q.recurrenceId === rid);
      if (!occ) continue;
      lines.push(
        ...componentLines(x, ctx, { title: occ.title, start: occ.start, end: occ.end, venueId: occ.venueId, spaceId: occ.spaceId, notes: occ.notes, people: occ.people }, [
          `RECURRENCE-ID;TZID=${e.timeZone}:${icalLocal(rid)}`,
        ]),
      );
    }
  }
  lines.push('END:VCALENDAR');
  return serialize(lines);
}

/** Expanded occurrences of the selected events in a window. */
export function occurrencesOf(events: readonly ExportEvent[], fromUtc: number, toUtc: number, publicOnly: boolean): Array<Occurrence & { productionTitle: string }> {
  const out: Array<Occurrence & { productionTitle: string }> = [];
  for (const x of events) {
    if (publicOnly && !x.event.public) continue;
    for (const o of expandEvent(x.productionId, x.event, fromUtc, toUtc)) out.push({ ...o, productionTitle: x.productionTitle });
  }
  return out.sort((a, b) => a.startUtc - b.startUtc || a.eventId.localeCompare(b.eventId));
}

export interface OccurrenceRecord {
  production: string;
  productionId: string;
  title: string;
  type: string;
  start: string;
  end: string;
  timeZone: string;
  startUtc: string;
  endUtc: string;
  venue: string;
  space: string;
  people: string;
  public: boolean;
  notes: string;
  eventId: string;
  recurrenceId: string;
}

export function occurrenceRecords(occ: ReadonlyArray<Occurrence & { productionTitle: string }>, ctx: ExportContext): OccurrenceRecord[] {
  return occ.map((o) => {
    const v = o.venueId ? ctx.venue(o.venueId) : undefined;
    return {
      production: o.productionTitle,
      productionId: o.productionId,
      title: o.title,
      type: o.type,
      start: o.start,
      end: o.end,
      timeZone: o.timeZone,
      startUtc: new Date(o.startUtc).toISOString(),
      endUtc: new Date(o.endUtc).toISOString(),
      venue: v?.name ?? o.venueId ?? '',
      space: (o.spaceId && v?.spaces.find((s) => s.id === o.spaceId)?.name) || (o.spaceId ?? ''),
      people: ctx.publicOnly ? '' : o.people.map(ctx.personName).join('; '),
      public: o.public,
      notes: ctx.publicOnly ? '' : o.notes,
      eventId: o.eventId,
      recurrenceId: o.recurrenceId ?? '',
    };
  });
}

export const CSV_COLUMNS: ReadonlyArray<keyof OccurrenceRecord> = [
  'production',
  'title',
  'type',
  'start',
  'end',
  'timeZone',
  'startUtc',
  'endUtc',
  'venue',
  'space',
  'people',
  'public',
  'notes',
  'productionId',
  'eventId',
  'recurrenceId',
];

export function toCsv(records: readonly OccurrenceRecord[]): string {
  return stringify(
    records.map((r) => ({ ...r, public: r.public ? 'yes' : 'no' })),
    { header: true, columns: CSV_COLUMNS as string[], record_delimiter: 'windows' },
  );
}
