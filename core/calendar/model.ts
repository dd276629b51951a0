/**
 * The calendar's data model as stored in documents. Strings that are not prose are
 * Automerge ImmutableStrings in the document; domain code works on the plain shapes below
 * (`toPlainEvent` etc. convert), so nothing outside the document layer sees Automerge types.
 */
import * as A from '@automerge/automerge';
import type { RecurrenceRule } from './recurrence.ts';

export const EVENT_TYPES = [
  'audition',
  'rehearsal',
  'costume_fitting',
  'tech',
  'dress',
  'preview',
  'performance',
  'strike',
  'meeting',
  'other',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Longest event: a query window only needs to look this far back for overlaps. */
export const MAX_EVENT_DAYS = 14;
/** Most events one production's schedule may hold (documents stay small, see DESIGN.md). */
export const MAX_EVENTS_PER_PRODUCTION = 600;

/** One changed occurrence of a recurring event, keyed by its original local start (RECURRENCE-ID). */
export interface OccurrenceOverride {
  start?: string;
  end?: string;
  title?: string;
  venueId?: string | null;
  spaceId?: string | null;
  notes?: string;
  people?: string[];
  cancelled?: boolean;
}

/** A scheduler's decision to keep an event despite conflicts. */
export interface ConflictOverride {
  at: number;
  by: string;
  reason: string;
  conflicts: string[];
}

export interface CalendarEvent {
  id: string;
  type: EventType;
  title: string;
  venueId: string | null;
  spaceId: string | null;
  /** Local wall time `YYYY-MM-DDTHH:mm` in `timeZone`. */
  start: string;
  end: string;
  timeZone: string;
  rule: RecurrenceRule | null;
  /** Original local starts of cancelled occurrences (EXDATE). */
  exdates: string[];
  overrides: Record<string, OccurrenceOverride>;
  /** Directory person ids called. */
  people: string[];
  /** Directory group ids called (e.g. "ensemble"). */
  groups: string[];
  notes: string;
  public: boolean;
  /** False: the event does not block its venue (a fitting in a corner of the lobby). */
  blocksVenue: boolean;
  /** iCalendar SEQUENCE: bumped on every change. */
  sequence: number;
  createdAt: number;
  updatedAt: number;
  conflictOverrides: ConflictOverride[];
}

export interface Space {
  id: string;
  name: string;
  capacity: number | null;
}

/** A weekly window when a venue can be booked (venue local time). */
export interface AvailabilityWindow {
  /** ISO weekdays MO..SU. */
  days: string[];
  from: string;
  to: string;
}

export interface Blackout {
  id: string;
  /** Local dates, inclusive. */
  start: string;
  end: string;
  reason: string;
}

export interface Venue {
  id: string;
  name: string;
  address: string;
  timeZone: string;
  spaces: Space[];
  /** Empty: always available. */
  availability: AvailabilityWindow[];
  blackouts: Blackout[];
  createdAt: number;
}

export interface VenueDoc {
  venue: Venue;
}

// ---- document ↔ plain ----------------------------------------------------------------

export const imm = (s: string) => new A.ImmutableString(s);

/** A document string (ImmutableString or text) as a plain string. */
export function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (A.isImmutableString(v)) return v.val;
  return String(v);
}

export function strOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : str(v);
}

/** Deep copy of a document value with ImmutableStrings unwrapped. */
export function plain<T>(v: unknown): T {
  if (v === null || v === undefined) return v as T;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v as T;
  if (A.isImmutableString(v)) return v.val as T;
  if (Array.isArray(v)) return v.map((x) => plain(x)) as T;
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = plain(x);
    return out as T;
  }
  return v as T;
}

/** A plain value prepared for a document: strings become ImmutableStrings except prose `keep` keys. */
export function toDoc(v: unknown, prose: ReadonlySet<string> = PROSE, key = ''): unknown {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return prose.has(key) ? v : imm(v);
  if (Array.isArray(v)) return v.map((x) => toDoc(x, prose));
  if (v !== null && typeof v === 'object' && !A.isImmutableString(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x !== undefined) out[k] = toDoc(x, prose, k);
    }
    return out;
  }
  return v;
}

/** Fields edited as collaborative text. */
export const PROSE: ReadonlySet<string> = new Set(['notes', 'description']);
