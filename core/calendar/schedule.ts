/**
 * Editing a production's schedule as pure functions on plain events: validation, and the
 * three edit scopes of a recurring event ("this occurrence", "this and following", "all").
 * The service writes the results into the production's document.
 */
import { CallboardError } from '../errors.ts';
import type { CalendarEvent, EventType, OccurrenceOverride, Venue } from './model.ts';
import { EVENT_TYPES, MAX_EVENT_DAYS } from './model.ts';
import { RuleError, expandRule, ruleMatchesStart, validateRule, WEEKDAYS, type RecurrenceRule } from './recurrence.ts';
import { DAY, MINUTE, formatLocal, isValidTimeZone, parseLocal, zone } from './time.ts';

export interface EventFields {
  type: EventType;
  title: string;
  venueId: string | null;
  spaceId: string | null;
  start: string;
  end: string;
  timeZone: string;
  rule: RecurrenceRule | null;
  exdates: string[];
  people: string[];
  groups: string[];
  notes: string;
  public: boolean;
  blocksVenue: boolean;
}

export type EventPatch = Partial<EventFields>;
export type EditScope = 'this' | 'following' | 'all';

const invalid = (field: string, message: string) => new CallboardError('invalid', `${field}: ${message}`, { field, issues: [{ field, message }] });

/** Defaults for optional fields of a new event. */
export function completeFields(input: Partial<EventFields> & Pick<EventFields, 'title' | 'start' | 'end' | 'timeZone'>): EventFields {
  return {
    type: input.type ?? 'other',
    title: input.title,
    venueId: input.venueId ?? null,
    spaceId: input.spaceId ?? null,
    start: input.start,
    end: input.end,
    timeZone: input.timeZone,
    rule: input.rule ?? null,
    exdates: input.exdates ?? [],
    people: [...new Set(input.people ?? [])],
    groups: [...new Set(input.groups ?? [])],
    notes: input.notes ?? '',
    public: input.public ?? false,
    blocksVenue: input.blocksVenue ?? true,
  };
}

function checkInterval(start: string, end: string, timeZone: string, prefix: string): void {
  const s = parseLocal(start);
  if (s === undefined) throw invalid(`${prefix}start`, `"${start}" is not a local time YYYY-MM-DDTHH:mm`);
  const e = parseLocal(end);
  if (e === undefined) throw invalid(`${prefix}end`, `"${end}" is not a local time YYYY-MM-DDTHH:mm`);
  const z = zone(timeZone);
  const su = z.toUtc(s);
  const eu = z.toUtc(e);
  if (eu <= su) throw invalid(`${prefix}end`, `must be after the start (${start} → ${end})`);
  if (eu - su > MAX_EVENT_DAYS * DAY) throw invalid(`${prefix}end`, `an event lasts at most ${MAX_EVENT_DAYS} days`);
}

/** Validates an event (as it would be stored); throws `invalid` naming the field. */
export function validateEvent(e: CalendarEvent | EventFields, venue: (id: string) => Venue | undefined): void {
  if (!EVENT_TYPES.includes(e.type)) throw invalid('type', `must be one of ${EVENT_TYPES.join(', ')}`);
  if (e.title.trim() === '') throw invalid('title', 'must not be empty');
  if (!isValidTimeZone(e.timeZone)) throw invalid('timeZone', `"${e.timeZone}" is not a known IANA time zone`);
  checkInterval(e.start, e.end, e.timeZone, '');
  if (e.venueId !== null) {
    const v = venue(e.venueId);
    if (!v) throw new CallboardError('invalid', `venueId: no venue "${e.venueId}"`, { field: 'venueId', issues: [{ field: 'venueId', message: 'no such venue' }] });
    if (e.spaceId !== null && !v.spaces.some((s) => s.id === e.spaceId)) throw invalid('spaceId', `${v.name} has no space "${e.spaceId}"`);
  } else if (e.spaceId !== null) {
    throw invalid('spaceId', 'a space needs a venue');
  }
  if (e.rule) {
    try {
      validateRule(e.rule);
    } catch (err) {
      if (err instanceof RuleError) throw invalid(`rule.${err.field}`, err.message);
      throw err;
    }
    const start = parseLocal(e.start)!;
    if (!ruleMatchesStart(e.rule, start)) throw invalid('start', 'the first occurrence must match the rule (e.g. a Monday for BYDAY=MO)');
    if (e.rule.until !== undefined && parseLocal(e.rule.until)! < start) throw invalid('rule.until', 'must not be before the start');
  }
  for (const [i, x] of e.exdates.entries()) {
    if (parseLocal(x) === undefined) throw invalid(`exdates[${i}]`, `"${x}" is not a local time YYYY-MM-DDTHH:mm`);
  }
  if ('overrides' in e) {
    for (const [rid, o] of Object.entries(e.overrides)) {
      if (o.start !== undefined || o.end !== undefined) {
        const base = parseLocal(o.start ?? rid)!;
        const end = o.end ?? formatLocal(base + (parseLocal(e.end)! - parseLocal(e.start)!));
        checkInterval(o.start ?? rid, end, e.timeZone, 'occurrence.');
      }
      if (o.venueId) {
        const v = venue(o.venueId);
        if (!v) throw invalid('venueId', `no venue "${o.venueId}"`);
        if (o.spaceId && !v.spaces.some((s) => s.id === o.spaceId)) throw invalid('spaceId', `${v.name} has no space "${o.spaceId}"`);
      }
    }
  }
}

export function newEvent(id: string, fields: EventFields, now: number): CalendarEvent {
  return { id, ...fields, overrides: {}, sequence: 0, createdAt: now, updatedAt: now, conflictOverrides: [] };
}

/** Whether `rid` is an occurrence of the event's rule (ignoring exceptions). */
export function isOccurrence(e: CalendarEvent, rid: string): boolean {
  const t = parseLocal(rid);
  if (t === undefined || !e.rule) return false;
  return expandRule(e.rule, parseLocal(e.start)!, t, t + MINUTE, 1).length === 1;
}

function requireOccurrence(e: CalendarEvent, rid: string | undefined): string {
  if (!e.rule) throw invalid('scope', 'this event does not repeat: use scope "all"');
  if (rid === undefined) throw invalid('occurrence', 'name the occurrence (its original start) for scope "this" or "following"');
  if (!isOccurrence(e, rid)) throw invalid('occurrence', `${rid} is not an occurrence of this event`);
  return rid;
}

function shiftLocal(local: string, delta: number): string {
  return formatLocal(parseLocal(local)! + delta);
}

function shiftRule(rule: RecurrenceRule, start: string, deltaMs: number): RecurrenceRule {
  const out: RecurrenceRule = { ...rule };
  if (rule.until !== undefined) out.until = shiftLocal(rule.until, deltaMs);
  const s = parseLocal(start)!;
  const dayShift = Math.floor((s + deltaMs) / DAY) - Math.floor(s / DAY);
  if (dayShift !== 0 && rule.byDay && rule.byDay.every((b) => b.nth === undefined)) {
    out.byDay = rule.byDay.map((b) => ({ day: WEEKDAYS[(((WEEKDAYS.indexOf(b.day) + dayShift) % 7) + 7) % 7]! }));
  }
  return out;
}

const SERIES_FIELDS = ['type', 'title', 'venueId', 'spaceId', 'people', 'groups', 'notes', 'public', 'blocksVenue', 'timeZone'] as const;

/**
 * Scope "all": changes the whole series. When `occurrence` is given and the patch moves it,
 * the whole series moves by the same amount (exceptions and changed occurrences with it).
 */
export function editAll(e: CalendarEvent, patch: EventPatch, occurrence: string | undefined, now: number): CalendarEvent {
  const next: CalendarEvent = { ...e, overrides: { ...e.overrides }, exdates: [...e.exdates] };
  for (const k of SERIES_FIELDS) if (patch[k] !== undefined) (next as unknown as Record<string, unknown>)[k] = patch[k];
  if (patch.exdates !== undefined) next.exdates = patch.exdates;
  if (patch.rule !== undefined) next.rule = patch.rule;
  let delta = 0;
  if (patch.start !== undefined || patch.end !== undefined) {
    const anchor = occurrence !== undefined && e.rule ? occurrence : e.start;
    const anchorOverride = occurrence !== undefined ? e.overrides[occurrence] : undefined;
    const anchorStart = anchorOverride?.start ?? anchor;
    const dur = parseLocal(e.end)! - parseLocal(e.start)!;
    const newStart = patch.start ?? anchorStart;
    delta = parseLocal(newStart)! - parseLocal(anchorStart)!;
    if (parseLocal(newStart) === undefined) throw invalid('start', `"${newStart}" is not a local time YYYY-MM-DDTHH:mm`);
    next.start = shiftLocal(e.start, delta);
    const newDur = patch.end !== undefined ? parseLocal(patch.end)! - parseLocal(newStart)! : dur;
    if (patch.end !== undefined && parseLocal(patch.end) === undefined) throw invalid('end', `"${patch.end}" is not a local time YYYY-MM-DDTHH:mm`);
    next.end = formatLocal(parseLocal(next.start)! + newDur);
  }
  if (delta !== 0 && next.rule && patch.rule === undefined) {
    next.rule = shiftRule(next.rule, e.start, delta);
    next.exdates = next.exdates.map((x) => shiftLocal(x, delta));
    const moved: Record<string, OccurrenceOverride> = {};
    for (const [rid, o] of Object.entries(next.overrides)) moved[shiftLocal(rid, delta)] = o;
    next.overrides = moved;
  }
  if (!next.rule) {
    next.exdates = [];
    next.overrides = {};
  } else {
    // Drop exceptions that no longer name an occurrence (e.g. after a rule change).
    next.exdates = next.exdates.filter((x) => isOccurrence(next, x));
    next.overrides = Object.fromEntries(Object.entries(next.overrides).filter(([rid]) => isOccurrence(next, rid)));
  }
  next.sequence = e.sequence + 1;
  next.updatedAt = now;
  return next;
}

/** Scope "this": changes (or cancels) one occurrence of a recurring event. */
export function editThis(e: CalendarEvent, occurrence: string | undefined, patch: EventPatch, now: number): CalendarEvent {
  const rid = requireOccurrence(e, occurrence);
  for (const k of ['rule', 'exdates', 'type', 'timeZone', 'public', 'blocksVenue', 'groups'] as const) {
    if (patch[k] !== undefined) throw invalid(k, `cannot be changed for one occurrence; use scope "following" or "all"`);
  }
  const prev = e.overrides[rid] ?? {};
  const o: OccurrenceOverride = { ...prev };
  if (patch.start !== undefined) o.start = patch.start;
  if (patch.end !== undefined) o.end = patch.end;
  else if (patch.start !== undefined) {
    const dur = parseLocal(prev.end ?? formatLocal(parseLocal(rid)! + parseLocal(e.end)! - parseLocal(e.start)!))! - parseLocal(prev.start ?? rid)!;
    o.end = formatLocal(parseLocal(patch.start)! + dur);
  }
  if (patch.title !== undefined) o.title = patch.title;
  if (patch.venueId !== undefined) o.venueId = patch.venueId;
  if (patch.spaceId !== undefined) o.spaceId = patch.spaceId;
  if (patch.notes !== undefined) o.notes = patch.notes;
  if (patch.people !== undefined) o.people = [...new Set(patch.people)];
  if (o.start !== undefined && parseLocal(o.start) === undefined) throw invalid('start', `"${o.start}" is not a local time YYYY-MM-DDTHH:mm`);
  if (o.end !== undefined && parseLocal(o.end) === undefined) throw invalid('end', `"${o.end}" is not a local time YYYY-MM-DDTHH:mm`);
  return { ...e, overrides: { ...e.overrides, [rid]: o }, sequence: e.sequence + 1, updatedAt: now };
}

/** Cancels one occurrence (EXDATE). */
export function cancelThis(e: CalendarEvent, occurrence: string | undefined, now: number): CalendarEvent {
  const rid = requireOccurrence(e, occurrence);
  const overrides = { ...e.overrides };
  delete overrides[rid];
  return { ...e, exdates: [...new Set([...e.exdates, rid])].sort(), overrides, sequence: e.sequence + 1, updatedAt: now };
}

/** Ends a series just before `rid`: returns the truncated series (null if nothing is left). */
export function truncateBefore(e: CalendarEvent, rid: string, now: number): CalendarEvent | null {
  if (rid === e.start) return null;
  const rule = { ...e.rule! };
  if (rule.count !== undefined) {
    const before = expandRule(rule, parseLocal(e.start)!, parseLocal(e.start)!, parseLocal(rid)!);
    rule.count = before.length;
  } else {
    rule.until = formatLocal(parseLocal(rid)! - MINUTE);
  }
  const keep = (x: string) => x < rid;
  return {
    ...e,
    rule,
    exdates: e.exdates.filter(keep),
    overrides: Object.fromEntries(Object.entries(e.overrides).filter(([k]) => keep(k))),
    sequence: e.sequence + 1,
    updatedAt: now,
  };
}

/**
 * Scope "following": the series is cut before `occurrence` and a new series (id `newId`)
 * starts there with the patch applied. Returns [truncated original or null, new series].
 */
export function editFollowing(
  e: CalendarEvent,
  occurrence: string | undefined,
  patch: EventPatch,
  newId: string,
  now: number,
): [CalendarEvent | null, CalendarEvent] {
  const rid = requireOccurrence(e, occurrence);
  const head = truncateBefore(e, rid, now);
  let rule = e.rule!;
  if (rule.count !== undefined) {
    rule = { ...rule, count: Math.max(1, rule.count - (head?.rule?.count ?? 0)) };
  }
  const dur = parseLocal(e.end)! - parseLocal(e.start)!;
  const tail: CalendarEvent = {
    ...e,
    id: newId,
    start: rid,
    end: formatLocal(parseLocal(rid)! + dur),
    rule,
    exdates: e.exdates.filter((x) => x >= rid),
    overrides: Object.fromEntries(Object.entries(e.overrides).filter(([k]) => k >= rid)),
    sequence: 0,
    createdAt: now,
    updatedAt: now,
    conflictOverrides: [],
  };
  const edited = editAll(tail, patch, rid, now);
  edited.sequence = 0;
  return [head, edited];
}

/** Deletes this and following occurrences: the truncated series, or null when nothing is left. */
export function deleteFollowing(e: CalendarEvent, occurrence: string | undefined, now: number): CalendarEvent | null {
  const rid = requireOccurrence(e, occurrence);
  return truncateBefore(e, rid, now);
}
