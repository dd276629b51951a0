/**
 * iCalendar import: a line-numbered reader of content lines (so every problem is reported
 * with the line it is on) and the mapping of VEVENTs to Callboard events. Nothing is written
 * here; the service previews the result and imports it when confirmed.
 */
import { createHash } from 'node:crypto';
import { EVENT_TYPES, type CalendarEvent, type EventType, type OccurrenceOverride, type Venue } from './model.ts';
import { parseRule, RuleError, type RecurrenceRule } from './recurrence.ts';
import { unescapeText } from './ical-format.ts';
import { DAY, MINUTE, daysFromCivil, daysInMonth, formatLocal, isValidTimeZone, parseLocal, utcToLocal, zone } from './time.ts';
import type { EventFields } from './schedule.ts';

export const MAX_IMPORT_BYTES = 2_000_000;

export interface ContentLine {
  line: number;
  name: string;
  params: Record<string, string>;
  value: string;
}

export interface ImportIssue {
  line: number;
  message: string;
}

export interface ImportedEvent {
  /** Line of the event's BEGIN:VEVENT. */
  line: number;
  uid: string;
  id: string;
  fields: EventFields;
  overrides: Record<string, OccurrenceOverride>;
}

export interface ParsedImport {
  events: ImportedEvent[];
  issues: ImportIssue[];
}

/** Unfolds and splits content lines, keeping the number of each logical line's first physical line. */
export function readContentLines(text: string, issues: ImportIssue[]): ContentLine[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const logical: Array<{ line: number; text: string }> = [];
  physical.forEach((l, i) => {
    if ((l.startsWith(' ') || l.startsWith('\t')) && logical.length > 0) logical[logical.length - 1]!.text += l.slice(1);
    else if (l.trim() !== '') logical.push({ line: i + 1, text: l });
  });
  const out: ContentLine[] = [];
  for (const { line, text: l } of logical) {
    const parsed = splitContentLine(l);
    if (!parsed) {
      issues.push({ line, message: `not an iCalendar content line: "${l.slice(0, 60)}"` });
      continue;
    }
    out.push({ line, ...parsed });
  }
  return out;
}

function splitContentLine(l: string): Omit<ContentLine, 'line'> | undefined {
  const m = /^([A-Za-z0-9-]+)/.exec(l);
  if (!m) return undefined;
  let i = m[1]!.length;
  const params: Record<string, string> = {};
  while (l[i] === ';') {
    const pm = /^;([A-Za-z0-9-]+)=("[^"]*"|[^;:,"]*(?:,[^;:,"]*)*)/.exec(l.slice(i));
    if (!pm) return undefined;
    params[pm[1]!.toUpperCase()] = pm[2]!.replace(/^"|"$/g, '');
    i += pm[0].length;
  }
  if (l[i] !== ':') return undefined;
  return { name: m[1]!.toUpperCase(), params, value: l.slice(i + 1) };
}

const TYPE_BY_LABEL: Record<string, EventType> = {
  audition: 'audition',
  auditions: 'audition',
  rehearsal: 'rehearsal',
  'costume fitting': 'costume_fitting',
  fitting: 'costume_fitting',
  tech: 'tech',
  'tech rehearsal': 'tech',
  dress: 'dress',
  'dress rehearsal': 'dress',
  preview: 'preview',
  performance: 'performance',
  show: 'performance',
  strike: 'strike',
  meeting: 'meeting',
};

export interface ImportContext {
  /** Zone for floating and UTC times. */
  defaultZone: string;
  venues: readonly Venue[];
  /** Public unless the file says otherwise? (default false: imported events are internal). */
  defaultPublic?: boolean;
}

interface Time {
  local: string;
  zone: string;
  allDay: boolean;
}

function parseTime(cl: ContentLine, ctx: ImportContext, issues: ImportIssue[], zoneHint?: string): Time | undefined {
  const v = cl.value.trim();
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  const dt = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(v);
  if (cl.params.VALUE === 'DATE' || (date && !dt)) {
    if (!date) return void issues.push({ line: cl.line, message: `${cl.name}: "${v}" is not a date YYYYMMDD` });
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return void issues.push({ line: cl.line, message: `${cl.name}: "${v}" is not a real date` });
    return { local: formatLocal(daysFromCivil(y, m, d) * DAY), zone: zoneHint ?? ctx.defaultZone, allDay: true };
  }
  if (!dt) return void issues.push({ line: cl.line, message: `${cl.name}: "${v}" is not a date-time YYYYMMDDTHHMMSS` });
  const local = `${dt[1]}-${dt[2]}-${dt[3]}T${dt[4]}:${dt[5]}`;
  if (parseLocal(local) === undefined || Number(dt[6]) > 59) return void issues.push({ line: cl.line, message: `${cl.name}: "${v}" is not a real date-time` });
  if (dt[7] === 'Z') {
    const z = zoneHint ?? ctx.defaultZone;
    return { local: utcToLocal(zone('UTC').toUtc(parseLocal(local)!), z), zone: z, allDay: false };
  }
  const tzid = cl.params.TZID;
  if (tzid !== undefined) {
    if (!isValidTimeZone(tzid)) return void issues.push({ line: cl.line, message: `${cl.name}: unknown time zone "${tzid}" (use an IANA name such as America/Los_Angeles)` });
    return { local, zone: tzid, allDay: false };
  }
  return { local, zone: zoneHint ?? ctx.defaultZone, allDay: false };
}

function parseDuration(v: string): number | undefined {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(v.trim());
  if (!m || v.trim() === 'P' || v.trim() === 'PT') return undefined;
  const [w, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  return (w * 7 + d) * DAY + h * 3_600_000 + mi * MINUTE + s * 1000;
}

function guessType(props: Map<string, ContentLine[]>): EventType {
  const x = props.get('X-CALLBOARD-TYPE')?.[0]?.value.trim();
  if (x && (EVENT_TYPES as readonly string[]).includes(x)) return x as EventType;
  for (const c of props.get('CATEGORIES') ?? []) {
    for (const cat of c.value.split(',')) {
      const t = TYPE_BY_LABEL[unescapeText(cat).trim().toLowerCase()];
      if (t) return t;
    }
  }
  const summary = unescapeText(props.get('SUMMARY')?.[0]?.value ?? '').toLowerCase();
  for (const [label, t] of Object.entries(TYPE_BY_LABEL)) if (summary.includes(label)) return t;
  return 'other';
}

function venueFor(props: Map<string, ContentLine[]>, ctx: ImportContext): { venueId: string | null; spaceId: string | null } {
  const x = props.get('X-CALLBOARD-VENUE')?.[0]?.value.trim();
  if (x) {
    const [vid, sid] = x.split('/');
    const v = ctx.venues.find((q) => q.id === vid);
    if (v) return { venueId: v.id, spaceId: sid && v.spaces.some((s) => s.id === sid) ? sid : null };
  }
  const loc = unescapeText(props.get('LOCATION')?.[0]?.value ?? '').toLowerCase();
  if (loc) {
    const v = [...ctx.venues].sort((a, b) => b.name.length - a.name.length).find((q) => loc.startsWith(q.name.toLowerCase()) || loc.includes(q.name.toLowerCase()));
    if (v) {
      const s = v.spaces.find((q) => loc.includes(q.name.toLowerCase()));
      return { venueId: v.id, spaceId: s?.id ?? null };
    }
  }
  return { venueId: null, spaceId: null };
}

export function importEventId(uid: string): string {
  return `imp-${createHash('sha256').update(uid).digest('hex').slice(0, 16)}`;
}

/** Reads an iCalendar file into events; every problem is an issue with its line number. */
export function parseICalendar(text: string, ctx: ImportContext): ParsedImport {
  const issues: ImportIssue[] = [];
  const lines = readContentLines(text, issues);
  if (lines.length === 0 || lines[0]!.name !== 'BEGIN' || lines[0]!.value.toUpperCase() !== 'VCALENDAR') {
    issues.push({ line: lines[0]?.line ?? 1, message: 'the file does not start with BEGIN:VCALENDAR' });
    return { events: [], issues };
  }
  // Group VEVENT components (skip VTIMEZONE and others).
  const comps: Array<{ line: number; props: Map<string, ContentLine[]> }> = [];
  const stack: string[] = [];
  let current: { line: number; props: Map<string, ContentLine[]> } | null = null;
  for (const cl of lines) {
    if (cl.name === 'BEGIN') {
      stack.push(cl.value.toUpperCase());
      if (cl.value.toUpperCase() === 'VEVENT') {
        if (current) issues.push({ line: cl.line, message: 'VEVENT inside VEVENT' });
        current = { line: cl.line, props: new Map() };
      }
      continue;
    }
    if (cl.name === 'END') {
      const open = stack.pop();
      if (open !== cl.value.toUpperCase()) issues.push({ line: cl.line, message: `END:${cl.value} does not close BEGIN:${open ?? '(nothing)'}` });
      if (cl.value.toUpperCase() === 'VEVENT' && current) {
        comps.push(current);
        current = null;
      }
      continue;
    }
    if (current && stack[stack.length - 1] === 'VEVENT') {
      const list = current.props.get(cl.name) ?? [];
      list.push(cl);
      current.props.set(cl.name, list);
    }
  }
  if (stack.length > 0) issues.push({ line: lines[lines.length - 1]!.line, message: `BEGIN:${stack[stack.length - 1]} is never closed` });

  const masters = new Map<string, ImportedEvent>();
  const exceptions: Array<{ uid: string; line: number; rid: Time; override: OccurrenceOverride }> = [];
  for (const c of comps) {
    const before = issues.length;
    const one = (name: string) => c.props.get(name)?.[0];
    const uid = one('UID')?.value.trim() || `line-${c.line}`;
    const dtstart = one('DTSTART');
    if (!dtstart) {
      issues.push({ line: c.line, message: 'VEVENT without DTSTART' });
      continue;
    }
    const start = parseTime(dtstart, ctx, issues);
    if (!start) continue;
    let end: string | undefined;
    const dtend = one('DTEND');
    const dur = one('DURATION');
    if (dtend) {
      const t = parseTime(dtend, ctx, issues, start.zone);
      if (!t) continue;
      end = t.zone === start.zone ? t.local : utcToLocal(zone(t.zone).toUtc(parseLocal(t.local)!), start.zone);
    } else if (dur) {
      const ms = parseDuration(dur.value);
      if (ms === undefined) {
        issues.push({ line: dur.line, message: `DURATION: "${dur.value}" is not a duration such as PT2H30M` });
        continue;
      }
      end = formatLocal(parseLocal(start.local)! + ms);
    } else {
      end = formatLocal(parseLocal(start.local)! + (start.allDay ? DAY : 0));
    }
    const su = zone(start.zone).toUtc(parseLocal(start.local)!);
    const eu = zone(start.zone).toUtc(parseLocal(end)!);
    if (eu <= su) {
      issues.push({ line: (dtend ?? dur ?? dtstart).line, message: `the event ends (${end.replace('T', ' ')}) before or when it starts (${start.local.replace('T', ' ')})` });
      continue;
    }
    if (eu - su > 14 * DAY) {
      issues.push({ line: (dtend ?? dur ?? dtstart).line, message: 'an event lasts at most 14 days' });
      continue;
    }
    const summary = unescapeText(one('SUMMARY')?.value ?? '').trim() || '(untitled)';
    let description = unescapeText(one('DESCRIPTION')?.value ?? '');
    const people = (c.props.get('ATTENDEE') ?? [])
      .map((a) => /^urn:callboard:person:(.+)$/i.exec(a.value.trim())?.[1])
      .filter((x): x is string => !!x)
      .map((x) => decodeURIComponent(x));
    if (people.length) description = description.replace(/(\n\n)?Called: [^\n]*$/, '');
    const { venueId, spaceId } = venueFor(c.props, ctx);
    const ridLine = one('RECURRENCE-ID');
    if (ridLine) {
      const rid = parseTime(ridLine, ctx, issues, start.zone);
      if (!rid) continue;
      exceptions.push({ uid, line: c.line, rid, override: { start: start.local, end, title: summary, venueId, spaceId, notes: description, ...(people.length ? { people } : {}) } });
      continue;
    }
    let rule: RecurrenceRule | null = null;
    const rr = c.props.get('RRULE') ?? [];
    if (rr.length > 1) issues.push({ line: rr[1]!.line, message: 'only one RRULE per event is supported' });
    if (rr[0]) {
      try {
        rule = parseRule(rr[0].value, (utc) => utcToLocal(utc, start.zone));
      } catch (err) {
        if (err instanceof RuleError) issues.push({ line: rr[0].line, message: `RRULE: ${err.message}` });
        else throw err;
      }
    }
    for (const bad of ['RDATE', 'EXRULE'] as const) {
      const l = c.props.get(bad)?.[0];
      if (l) issues.push({ line: l.line, message: `${bad} is not supported` });
    }
    const exdates: string[] = [];
    for (const ex of c.props.get('EXDATE') ?? []) {
      for (const part of ex.value.split(',')) {
        const t = parseTime({ ...ex, value: part }, ctx, issues, start.zone);
        if (t) exdates.push(t.zone === start.zone ? t.local : utcToLocal(zone(t.zone).toUtc(parseLocal(t.local)!), start.zone));
      }
    }
    if (issues.length > before) continue;
    if (masters.has(uid)) {
      issues.push({ line: c.line, message: `UID ${uid} appears twice` });
      continue;
    }
    const cls = one('CLASS')?.value.trim().toUpperCase();
    masters.set(uid, {
      line: c.line,
      uid,
      id: importEventId(uid),
      fields: {
        type: guessType(c.props),
        title: summary.slice(0, 200),
        venueId,
        spaceId,
        start: start.local,
        end,
        timeZone: start.zone,
        rule,
        exdates,
        people,
        groups: [],
        notes: description,
        public: cls === undefined ? (ctx.defaultPublic ?? false) : cls === 'PUBLIC',
        blocksVenue: one('TRANSP')?.value.trim().toUpperCase() !== 'TRANSPARENT',
      },
      overrides: {},
    });
  }
  for (const x of exceptions) {
    const m = masters.get(x.uid);
    if (!m || !m.fields.rule) {
      issues.push({ line: x.line, message: `RECURRENCE-ID for UID ${x.uid}, which has no recurring event in the file` });
      continue;
    }
    const rid = x.rid.zone === m.fields.timeZone ? x.rid.local : utcToLocal(zone(x.rid.zone).toUtc(parseLocal(x.rid.local)!), m.fields.timeZone);
    m.overrides[rid] = x.override;
  }
  return { events: [...masters.values()], issues };
}

/** An imported event as a Callboard event (not yet validated against venues and rules). */
export function toCalendarEvent(x: ImportedEvent, now: number): CalendarEvent {
  return { id: x.id, ...x.fields, overrides: x.overrides, sequence: 0, createdAt: now, updatedAt: now, conflictOverrides: [] };
}
