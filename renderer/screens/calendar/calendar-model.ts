/**
 * The calendar screen's pure helpers: event types, the production palette, local wall-time
 * arithmetic (`YYYY-MM-DDTHH:mm` strings, as the API stores them) and zone names.
 */
import type { ProcedureInput, ProcedureOutput } from '../../api/types.ts';

export type Occurrence = ProcedureOutput<'calendar.events'>[number];
export type CalendarEvent = ProcedureOutput<'calendar.event'>;
export type Production = ProcedureOutput<'productions.list'>[number];
export type Venue = ProcedureOutput<'venues.list'>[number];
export type Conflict = ProcedureOutput<'calendar.checkConflicts'>['conflicts'][number];
export type NewEvent = ProcedureInput<'calendar.createEvent'>['event'];
export type EventPatch = ProcedureInput<'calendar.updateEvent'>['patch'];
export type EditScope = 'this' | 'following' | 'all';

export const EVENT_TYPES = ['audition', 'rehearsal', 'costume_fitting', 'tech', 'dress', 'preview', 'performance', 'strike', 'meeting', 'other'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const TYPE_LABELS: Record<EventType, string> = {
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

export const SCOPE_LABELS: Record<EditScope, string> = {
  this: 'This occurrence',
  following: 'This and following',
  all: 'All occurrences',
};

/**
 * Production colours: dark enough for white text (each at least 4.5:1 against #fff), and
 * distinct in hue. Colour is never the only cue: every event also names its production.
 */
export const PALETTE = ['#1d4e89', '#8a2c0d', '#1f6b3a', '#6a2c91', '#8a5a00', '#0f6670', '#a0165d', '#4a5a12', '#5b4636', '#2f3d9c'] as const;

/** Each production's colour, stable for a list of production ids (sorted, so the order of loading does not matter). */
export function productionColors(ids: readonly string[]): Map<string, string> {
  const sorted = [...new Set(ids)].sort();
  return new Map(sorted.map((id, i) => [id, PALETTE[i % PALETTE.length]!]));
}

// ---- local wall time ------------------------------------------------------------------

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** A local wall time as minutes since the epoch of a zone-less calendar (for arithmetic only). */
export function localMinutes(local: string): number | undefined {
  const m = LOCAL.exec(local);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  const d = new Date(ms);
  if (d.getUTCDate() !== +m[3]! || d.getUTCHours() !== +m[4]!) return undefined;
  return ms / 60_000;
}

export function formatLocalMinutes(minutes: number): string {
  return new Date(minutes * 60_000).toISOString().slice(0, 16);
}

export function addMinutes(local: string, minutes: number): string {
  const base = localMinutes(local);
  return base === undefined ? local : formatLocalMinutes(base + minutes);
}

/** A Date that FullCalendar holds in its UTC-coded wall-clock mode, back to `YYYY-MM-DDTHH:mm`. */
export function wallTime(date: Date): string {
  return date.toISOString().slice(0, 16);
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** "Mon, Feb 22, 2027" for a local date or wall time. */
export function formatDay(local: string): string {
  const [y, m, d] = local.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y!, m! - 1, d!));
}

/** "7:00 PM" for a local wall time. */
export function formatClock(local: string): string {
  const minutes = localMinutes(local);
  if (minutes === undefined) return local;
  return new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(minutes * 60_000);
}

/** The zone's short name at an instant ("PST", "GMT+1"), falling back to the IANA name. */
export function zoneAbbreviation(timeZone: string, utcMs: number): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(utcMs).find((p) => p.type === 'timeZoneName');
    return part?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

/** "Mon, Feb 22, 2027, 7:00 PM – 10:00 PM PST (America/Los_Angeles)". */
export function formatSpan(o: Pick<Occurrence, 'start' | 'end' | 'timeZone' | 'startUtc'>): string {
  const sameDay = o.start.slice(0, 10) === o.end.slice(0, 10);
  const end = sameDay ? formatClock(o.end) : `${formatDay(o.end)}, ${formatClock(o.end)}`;
  return `${formatDay(o.start)}, ${formatClock(o.start)} – ${end} ${zoneAbbreviation(o.timeZone, o.startUtc)} (${o.timeZone})`;
}

export function typeLabel(type: string): string {
  return TYPE_LABELS[type as EventType] ?? type;
}

/** Where: "Riverside Playhouse · Studio". */
export function placeOf(o: { venueName?: string | null; spaceName?: string | null }): string {
  return [o.venueName, o.spaceName].filter(Boolean).join(' · ');
}

/** The field an `invalid` error names (details.field), if any. */
export function errorField(error: { code: string; details?: Record<string, unknown> | undefined } | null | undefined): string | undefined {
  if (!error || error.code !== 'invalid') return undefined;
  const field = error.details?.['field'];
  return typeof field === 'string' ? field : undefined;
}

/** The conflicts carried by a `conflict` error, if any. */
export function conflictsOf(error: { code: string; details?: Record<string, unknown> | undefined } | null | undefined): Conflict[] | undefined {
  if (!error || error.code !== 'conflict') return undefined;
  const list = error.details?.['conflicts'];
  return Array.isArray(list) ? (list as Conflict[]) : undefined;
}
