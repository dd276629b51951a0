/**
 * Occurrences: the concrete instances of an event within a time window, after its
 * recurrence rule, exception dates and changed occurrences are applied.
 */
import type { CalendarEvent, EventType } from './model.ts';
import { expandRule } from './recurrence.ts';
import { DAY, HOUR, formatLocal, parseLocal, zone } from './time.ts';
import { MAX_EVENT_DAYS } from './model.ts';

export interface Occurrence {
  productionId: string;
  eventId: string;
  /** Original local start of a recurring occurrence (its RECURRENCE-ID); null for a single event. */
  recurrenceId: string | null;
  type: EventType;
  title: string;
  start: string;
  end: string;
  timeZone: string;
  startUtc: number;
  endUtc: number;
  venueId: string | null;
  spaceId: string | null;
  people: string[];
  groups: string[];
  public: boolean;
  blocksVenue: boolean;
  notes: string;
  /** True when this occurrence was changed on its own ("this occurrence" edits). */
  changed: boolean;
}

const MAX_OFFSET = 15 * HOUR;

/** Exact duration of the event's master instance, in ms. */
export function eventDuration(e: Pick<CalendarEvent, 'start' | 'end' | 'timeZone'>): number {
  const z = zone(e.timeZone);
  return z.toUtc(parseLocal(e.end)!) - z.toUtc(parseLocal(e.start)!);
}

/** The local starts (strings) of a recurring event's rule in a local window, before exceptions. */
export function ruleStarts(e: CalendarEvent, fromLocal: number, toLocal: number): number[] {
  if (!e.rule) return [];
  return expandRule(e.rule, parseLocal(e.start)!, fromLocal, toLocal);
}

/**
 * The event's occurrences overlapping [fromUtc, toUtc). Both bounds must be finite: an
 * unbounded rule is only ever expanded inside a window.
 */
export function expandEvent(productionId: string, e: CalendarEvent, fromUtc: number, toUtc: number): Occurrence[] {
  if (!Number.isFinite(fromUtc) || !Number.isFinite(toUtc)) throw new RangeError('expandEvent needs a finite window');
  const z = zone(e.timeZone);
  const base = {
    productionId,
    eventId: e.id,
    type: e.type,
    timeZone: e.timeZone,
    public: e.public,
    blocksVenue: e.blocksVenue,
    groups: e.groups,
  };
  if (!e.rule) {
    const startUtc = z.toUtc(parseLocal(e.start)!);
    const endUtc = z.toUtc(parseLocal(e.end)!);
    if (!(startUtc < toUtc && endUtc > fromUtc)) return [];
    return [
      {
        ...base,
        recurrenceId: null,
        title: e.title,
        start: e.start,
        end: e.end,
        startUtc,
        endUtc,
        venueId: e.venueId,
        spaceId: e.spaceId,
        people: e.people,
        notes: e.notes,
        changed: false,
      },
    ];
  }
  const duration = eventDuration(e);
  const exdates = e.exdates.length ? new Set(e.exdates) : null;
  const overrides = e.overrides;
  const hasOverrides = Object.keys(overrides).length > 0;
  const fromLocal = fromUtc - MAX_OFFSET - MAX_EVENT_DAYS * DAY;
  const toLocal = toUtc + MAX_OFFSET;
  const out: Occurrence[] = [];
  const seen = hasOverrides ? new Set<string>() : null;
  const push = (rid: string, local: number | undefined) => {
    if (exdates?.has(rid)) return;
    const o = hasOverrides ? overrides[rid] : undefined;
    if (o?.cancelled) return;
    const start = o?.start ?? rid;
    const startUtc = z.toUtc(o?.start !== undefined || local === undefined ? parseLocal(start)! : local);
    const endUtc = o?.end !== undefined ? z.toUtc(parseLocal(o.end)!) : startUtc + duration;
    if (!(startUtc < toUtc && endUtc > fromUtc)) return;
    out.push({
      productionId,
      eventId: e.id,
      recurrenceId: rid,
      type: e.type,
      title: o?.title ?? e.title,
      start,
      end: o?.end ?? formatLocal(z.toLocal(endUtc)),
      timeZone: e.timeZone,
      startUtc,
      endUtc,
      venueId: o?.venueId !== undefined ? o.venueId : e.venueId,
      spaceId: o?.spaceId !== undefined ? o.spaceId : e.spaceId,
      people: o?.people ?? e.people,
      groups: e.groups,
      public: e.public,
      blocksVenue: e.blocksVenue,
      notes: o?.notes ?? e.notes,
      changed: o !== undefined,
    });
  };
  for (const t of ruleStarts(e, fromLocal, toLocal)) {
    const rid = formatLocal(t);
    seen?.add(rid);
    push(rid, t);
  }
  // A changed occurrence may have moved into the window from outside it.
  if (hasOverrides) {
    for (const [rid, o] of Object.entries(overrides)) {
      if (seen!.has(rid) || o.cancelled || o.start === undefined) continue;
      push(rid, undefined);
    }
    out.sort((a, b) => a.startUtc - b.startUtc);
  }
  return out;
}
/** The UTC span [first start, last end] of an event, or null end for an unbounded rule. */
export function eventSpan(e: CalendarEvent): { firstUtc: number; lastUtc: number | null } {
  const z = zone(e.timeZone);
  const firstUtc = z.toUtc(parseLocal(e.start)!);
  if (!e.rule) return { firstUtc, lastUtc: z.toUtc(parseLocal(e.end)!) };
  const duration = eventDuration(e);
  let lastStart: number | null = null;
  if (e.rule.until !== undefined) {
    lastStart = z.toUtc(parseLocal(e.rule.until)!);
  } else if (e.rule.count !== undefined) {
    const starts = expandRule(e.rule, parseLocal(e.start)!, parseLocal(e.start)!, parseLocal(e.start)! + 200 * 366 * DAY);
    lastStart = starts.length ? z.toUtc(starts[starts.length - 1]!) : firstUtc;
  }
  let lastUtc = lastStart === null ? null : lastStart + duration;
  let earliest = firstUtc;
  for (const o of Object.values(e.overrides)) {
    if (o.cancelled) continue;
    if (o.start !== undefined) earliest = Math.min(earliest, z.toUtc(parseLocal(o.start)!));
    if (lastUtc !== null && o.end !== undefined) lastUtc = Math.max(lastUtc, z.toUtc(parseLocal(o.end)!));
    if (lastUtc !== null && o.start !== undefined) lastUtc = Math.max(lastUtc, z.toUtc(parseLocal(o.start)!) + duration);
  }
  return { firstUtc: earliest, lastUtc };
}
