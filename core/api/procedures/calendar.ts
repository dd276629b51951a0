/**
 * Productions, venues and the calendar: schedules with recurrence, conflicts, queries,
 * exports (iCalendar, CSV, JSON), import with preview, and feeds. Thin: validation by
 * schema, permission declared, work done by CalendarService (core/calendar/service.ts).
 */
import { z } from 'zod';
import type { Conflict } from '../../calendar/conflicts.ts';
import { EXPORT_KINDS, occurrenceRecords, occurrencesOf, selectEvents, toCsv, toICalendar, type ExportEvent, type ExportSelection } from '../../calendar/export.ts';
import { FeedStore, type FeedInfo } from '../../calendar/feeds.ts';
import { MAX_IMPORT_BYTES, parseICalendar, toCalendarEvent } from '../../calendar/import.ts';
import { EVENT_TYPES, type CalendarEvent } from '../../calendar/model.ts';
import type { Occurrence } from '../../calendar/occurrences.ts';
import { PRODUCTION_STATUSES, productionScope } from '../../calendar/production.ts';
import { parseRule, RuleError, WEEKDAYS, type RecurrenceRule } from '../../calendar/recurrence.ts';
import { completeFields, CalendarService, type EventFields, type EventPatch } from '../../calendar/service.ts';
import { DAY, isValidTimeZone, localToUtc, parseDate, parseLocal } from '../../calendar/time.ts';
import { venueScope } from '../../calendar/venue.ts';
import { ORG_DOC_ID, type OrgDoc } from '../../content/org.ts';
import { CallboardError } from '../../errors.ts';
import { authenticated, grant, procedure, type HandlerContext } from '../procedure.ts';

declare module '../services.ts' {
  interface Services {
    calendar: CalendarService;
    calendarFeeds: FeedStore;
  }
}

// ---- input pieces ------------------------------------------------------------------------

const SCHEDULE = 'calendar.schedule';
const VENUES = 'calendar.venues';

const scopeId = (what: string) => z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, `not a ${what} id (letters, digits, . _ -)`);
const productionId = scopeId('production');
const venueId = scopeId('venue');
const eventId = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'not an event id');
const personId = z.string().trim().min(1).max(200);
const localTime = z.string().refine((s) => parseLocal(s) !== undefined, 'use a real local time YYYY-MM-DDTHH:mm');
const localDate = z.string().refine((s) => parseDate(s) !== undefined, 'use a real date YYYY-MM-DD');
const timeZone = z.string().trim().max(64).refine(isValidTimeZone, 'unknown IANA time zone (e.g. America/Los_Angeles)');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'use HH:mm');
const eventType = z.enum(EVENT_TYPES);
const weekday = z.enum(WEEKDAYS);

const ruleObject = z
  .object({
    freq: z.enum(['DAILY', 'WEEKLY', 'MONTHLY']),
    interval: z.number().int().min(1).max(99).default(1),
    byDay: z.array(z.object({ day: weekday, nth: z.number().int().min(-5).max(5).optional() }).strict()).min(1).max(31).optional(),
    byMonthDay: z.array(z.number().int().min(-31).max(31)).min(1).max(31).optional(),
    count: z.number().int().min(1).max(1000).optional(),
    until: localTime.optional(),
    wkst: weekday.optional(),
  })
  .strict();

/** A rule as an object or an RRULE string (`FREQ=WEEKLY;BYDAY=MO,WE`). */
const rule = z.union([z.string().max(500), ruleObject]).nullable();

function toRule(r: z.output<typeof rule> | undefined): RecurrenceRule | null | undefined {
  if (r === undefined || r === null) return r;
  try {
    if (typeof r === 'string') return parseRule(r);
    const out: RecurrenceRule = { freq: r.freq, interval: r.interval };
    if (r.byDay) out.byDay = r.byDay.map((b) => (b.nth === undefined ? { day: b.day } : { day: b.day, nth: b.nth }));
    if (r.byMonthDay) out.byMonthDay = r.byMonthDay;
    if (r.count !== undefined) out.count = r.count;
    if (r.until !== undefined) out.until = r.until;
    if (r.wkst !== undefined) out.wkst = r.wkst;
    return out;
  } catch (err) {
    if (err instanceof RuleError) throw new CallboardError('invalid', `rule.${err.field}: ${err.message}`, { field: `rule.${err.field}`, issues: [{ field: `rule.${err.field}`, message: err.message }] });
    throw err;
  }
}

const eventFieldShape = {
  type: eventType,
  title: z.string().trim().min(1, 'must not be empty').max(200),
  venueId: venueId.nullable(),
  spaceId: scopeId('space').nullable(),
  start: localTime,
  end: localTime,
  timeZone,
  rule,
  exdates: z.array(localTime).max(500),
  people: z.array(personId).max(300),
  groups: z.array(z.string().trim().min(1).max(100)).max(50),
  notes: z.string().max(20_000),
  public: z.boolean(),
  blocksVenue: z.boolean(),
};

const newEventInput = z
  .object({
    ...eventFieldShape,
    type: eventType.default('other'),
    timeZone: timeZone.optional(),
    venueId: venueId.nullable().optional(),
    spaceId: scopeId('space').nullable().optional(),
    rule: rule.optional(),
    exdates: eventFieldShape.exdates.optional(),
    people: eventFieldShape.people.optional(),
    groups: eventFieldShape.groups.optional(),
    notes: eventFieldShape.notes.optional(),
    public: z.boolean().optional(),
    blocksVenue: z.boolean().optional(),
  })
  .strict();

const patchInput = z.object(Object.fromEntries(Object.entries(eventFieldShape).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof eventFieldShape]: z.ZodOptional<(typeof eventFieldShape)[K]> }).strict();

const acceptConflicts = z.string().trim().min(1, 'give a reason').max(500).optional();
const editScope = z.enum(['this', 'following', 'all']);

/** `YYYY-MM-DD` (midnight in the zone) or an ISO 8601 instant with Z or an offset. */
const instant = z.string().trim().max(40);

function companyZone(ctx: HandlerContext): string {
  try {
    const tz = String(ctx.store.doc<OrgDoc>(ORG_DOC_ID).company.timeZone);
    return isValidTimeZone(tz) ? tz : 'UTC';
  } catch {
    return 'UTC';
  }
}

function toUtc(text: string, zoneName: string, field: string): number {
  if (parseDate(text) !== undefined) return localToUtc(`${text}T00:00`, zoneName);
  if (parseLocal(text) !== undefined) return localToUtc(text, zoneName);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const t = Date.parse(text);
    if (!Number.isNaN(t)) return t;
  }
  throw new CallboardError('invalid', `${field}: "${text}" is not a date YYYY-MM-DD or an instant such as 2026-09-01T00:00:00Z`, { field });
}

function windowOf(input: { from: string; to: string; timeZone?: string | undefined }, ctx: HandlerContext): { fromUtc: number; toUtc: number; zone: string } {
  const zone = input.timeZone ?? companyZone(ctx);
  return { fromUtc: toUtc(input.from, zone, 'from'), toUtc: toUtc(input.to, zone, 'to'), zone };
}

const windowShape = { from: instant, to: instant, timeZone: timeZone.optional() };

function fieldsFrom(input: z.output<typeof newEventInput>, productionIdValue: string, ctx: HandlerContext): EventFields {
  const zone = input.timeZone ?? ctx.services.calendar.defaultZone(productionIdValue, input.venueId, companyZone(ctx));
  const r = toRule(input.rule);
  return completeFields({
    ...input,
    timeZone: zone,
    rule: r ?? null,
    venueId: input.venueId ?? null,
    spaceId: input.spaceId ?? null,
  });
}

function patchFrom(p: z.output<typeof patchInput>): EventPatch {
  const out: EventPatch = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined && k !== 'rule') (out as Record<string, unknown>)[k] = v;
  if (p.rule !== undefined) out.rule = toRule(p.rule) ?? null;
  return out;
}

function visibleOccurrences(ctx: HandlerContext, occ: Occurrence[]): Occurrence[] {
  const memo = new Map<string, boolean>();
  return occ.filter((o) => {
    let ok = memo.get(o.productionId);
    if (ok === undefined) {
      ok = ctx.can('view', productionScope(o.productionId));
      memo.set(o.productionId, ok);
    }
    return ok;
  });
}

function describeEvent(e: CalendarEvent): string {
  const when = e.rule ? `from ${e.start.replace('T', ' ')}, repeating (${ruleSummary(e.rule)})` : `${e.start.replace('T', ' ')}–${e.end.slice(11)}`;
  return `${e.type.replace('_', ' ')} "${e.title}" ${when} ${e.timeZone}`;
}

function ruleSummary(r: RecurrenceRule): string {
  const days = r.byDay?.map((b) => `${b.nth ?? ''}${b.day}`).join(',');
  return [r.freq.toLowerCase(), r.interval > 1 ? `every ${r.interval}` : '', days ? `on ${days}` : '', r.count ? `${r.count} times` : '', r.until ? `until ${r.until.slice(0, 10)}` : '']
    .filter(Boolean)
    .join(' ');
}

function conflictNote(conflicts: Conflict[], reason: string | undefined): string {
  if (conflicts.length === 0) return '';
  return `; kept despite ${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'} (reason: ${reason ?? ''})`;
}

function withNames(ctx: HandlerContext, occ: Occurrence[]) {
  const names = ctx.services.calendar.personNames();
  const venues = new Map<string, string>();
  return occ.map((o) => {
    let venueName: string | null = null;
    if (o.venueId) {
      if (!venues.has(o.venueId)) venues.set(o.venueId, ctx.services.calendar.venueOf(o.venueId)?.name ?? o.venueId);
      venueName = venues.get(o.venueId)!;
    }
    const spaceName = o.venueId ? CalendarService.spaceName(ctx.services.calendar.venueOf(o.venueId), o.spaceId) || null : null;
    return { ...o, venueName, spaceName, peopleNames: o.people.map(names) };
  });
}

// ---- productions -------------------------------------------------------------------------

const productionFields = {
  title: z.string().trim().min(1, 'must not be empty').max(200),
  season: z.string().trim().min(1, 'must not be empty').max(40),
  status: z.enum(PRODUCTION_STATUSES),
  opening: localDate.nullable(),
  closing: localDate.nullable(),
  description: z.string().max(20_000),
  timeZone,
};

export const productionProcedures = {
  'productions.list': procedure({
    name: 'productions.list',
    description: 'Productions the caller may see, newest first; optionally of one season.',
    kind: 'query',
    input: z.object({ season: z.string().trim().max(40).optional() }).strict(),
    permission: authenticated,
    handler: (input, ctx) =>
      ctx.services.calendar.productions(input.season === undefined ? {} : { season: input.season }).filter((p) => ctx.can('view', productionScope(p.id))),
  }),
  'productions.get': procedure({
    name: 'productions.get',
    description: "A production's details and its whole schedule (events with their rules, exceptions and changed occurrences).",
    kind: 'query',
    input: z.object({ id: productionId }).strict(),
    permission: { action: 'view', scope: (i) => productionScope(i.id) },
    handler: (input, ctx) => ctx.services.calendar.production(input.id),
  }),
  'productions.create': procedure({
    name: 'productions.create',
    description: 'Creates a production (its id is made from title and season unless given).',
    kind: 'mutation',
    input: z
      .object({
        id: productionId.optional(),
        title: productionFields.title,
        season: productionFields.season,
        status: productionFields.status.optional(),
        opening: productionFields.opening.optional(),
        closing: productionFields.closing.optional(),
        description: productionFields.description.optional(),
        timeZone: timeZone.optional(),
      })
      .strict(),
    permission: grant(SCHEDULE, 'production:*'),
    handler: (input, ctx) => {
      const info = ctx.services.calendar.createProduction(input);
      ctx.audit({ target: productionScope(info.id), summary: `Created production "${info.title}" (${info.season})`, after: info });
      return info;
    },
  }),
  'productions.update': procedure({
    name: 'productions.update',
    description: "Changes a production's title, season, status, dates, description or default time zone.",
    kind: 'mutation',
    input: z
      .object({
        id: productionId,
        title: productionFields.title.optional(),
        season: productionFields.season.optional(),
        status: productionFields.status.optional(),
        opening: productionFields.opening.optional(),
        closing: productionFields.closing.optional(),
        description: productionFields.description.optional(),
        timeZone: timeZone.optional(),
      })
      .strict(),
    permission: { action: SCHEDULE, scope: (i) => productionScope(i.id) },
    handler: (input, ctx) => {
      const { id, ...patch } = input;
      const diff = ctx.services.calendar.updateProduction(id, patch);
      ctx.audit({ target: productionScope(id), summary: `Changed production ${id}: ${Object.keys(diff.after).join(', ') || 'nothing'}`, ...diff });
      return ctx.services.calendar.productionRow(id);
    },
  }),
};

// ---- venues --------------------------------------------------------------------------------

const spaceInput = z.object({ id: scopeId('space').optional(), name: z.string().trim().min(1).max(100), capacity: z.number().int().min(0).max(100_000).nullable().optional() }).strict();
const availabilityInput = z.object({ days: z.array(weekday).min(1).max(7), from: hhmm, to: hhmm }).strict();
const blackoutInput = z.object({ id: z.string().trim().min(1).max(60).optional(), start: localDate, end: localDate, reason: z.string().trim().max(300).optional() }).strict();
const venueFields = {
  name: z.string().trim().min(1, 'must not be empty').max(200),
  address: z.string().trim().max(500),
  timeZone,
  spaces: z.array(spaceInput).max(50),
  availability: z.array(availabilityInput).max(50),
  blackouts: z.array(blackoutInput).max(500),
};

export const venueProcedures = {
  'venues.list': procedure({
    name: 'venues.list',
    description: 'Venues the caller may see, with their spaces, availability and blackout dates.',
    kind: 'query',
    input: z.object({}).strict(),
    permission: authenticated,
    handler: (_input, ctx) => ctx.services.calendar.venues().filter((v) => ctx.can('view', venueScope(v.id))),
  }),
  'venues.get': procedure({
    name: 'venues.get',
    description: 'One venue.',
    kind: 'query',
    input: z.object({ id: venueId }).strict(),
    permission: { action: 'view', scope: (i) => venueScope(i.id) },
    handler: (input, ctx) => ctx.services.calendar.venue(input.id),
  }),
  'venues.create': procedure({
    name: 'venues.create',
    description: 'Adds a venue with its spaces (capacity), weekly availability windows and blackout dates.',
    kind: 'mutation',
    input: z
      .object({
        id: venueId.optional(),
        name: venueFields.name,
        address: venueFields.address.optional(),
        timeZone,
        spaces: venueFields.spaces.optional(),
        availability: venueFields.availability.optional(),
        blackouts: venueFields.blackouts.optional(),
      })
      .strict(),
    permission: grant(VENUES, 'venue:*'),
    handler: (input, ctx) => {
      const v = ctx.services.calendar.createVenue(input);
      ctx.audit({ target: venueScope(v.id), summary: `Added venue "${v.name}" (${v.spaces.length} space${v.spaces.length === 1 ? '' : 's'})`, after: v });
      return v;
    },
  }),
  'venues.update': procedure({
    name: 'venues.update',
    description: "Changes a venue's details, spaces, availability or blackout dates (lists are replaced as given).",
    kind: 'mutation',
    input: z
      .object({
        id: venueId,
        name: venueFields.name.optional(),
        address: venueFields.address.optional(),
        timeZone: timeZone.optional(),
        spaces: venueFields.spaces.optional(),
        availability: venueFields.availability.optional(),
        blackouts: venueFields.blackouts.optional(),
      })
      .strict(),
    permission: { action: VENUES, scope: (i) => venueScope(i.id) },
    handler: (input, ctx) => {
      const { id, ...patch } = input;
      const { before, after } = ctx.services.calendar.updateVenue(id, patch);
      const changed = Object.keys(patch).filter((k) => JSON.stringify((before as unknown as Record<string, unknown>)[k]) !== JSON.stringify((after as unknown as Record<string, unknown>)[k]));
      ctx.audit({ target: venueScope(id), summary: `Changed venue "${after.name}": ${changed.join(', ') || 'nothing'}`, before, after });
      return after;
    },
  }),
};

// ---- calendar ------------------------------------------------------------------------------

const exportInput = z
  .object({
    format: z.enum(['ical', 'csv', 'json']),
    kind: z.enum(EXPORT_KINDS),
    id: z.string().trim().min(1).max(200).optional(),
    ...{ from: instant.optional(), to: instant.optional(), timeZone: timeZone.optional() },
  })
  .strict()
  .refine((i) => (i.kind === 'public' || i.kind === 'all') === (i.id === undefined), { message: 'give an id for a production, venue or person export (and none for public or all)', path: ['id'] });

/** Exports of up to 20 years of occurrences (CSV/JSON); iCalendar holds whole events. */
export const MAX_EXPORT_DAYS = 20 * 366;

function exportEvents(ctx: HandlerContext, sel: ExportSelection): ExportEvent[] {
  const memo = new Map<string, boolean>();
  return selectEvents(ctx.store.db, sel).filter((x) => {
    let ok = memo.get(x.productionId);
    if (ok === undefined) {
      ok = ctx.can('view', productionScope(x.productionId));
      memo.set(x.productionId, ok);
    }
    return ok;
  });
}

function runExport(ctx: HandlerContext, input: z.output<typeof exportInput>) {
  const cal = ctx.services.calendar;
  const sel: ExportSelection = input.id === undefined ? { kind: input.kind } : { kind: input.kind, id: input.id };
  const events = exportEvents(ctx, sel);
  const publicOnly = input.kind === 'public';
  const now = ctx.clock.now();
  const names = cal.personNames();
  const org = (() => {
    try {
      return String(ctx.store.doc<OrgDoc>(ORG_DOC_ID).company.shortName || ctx.store.doc<OrgDoc>(ORG_DOC_ID).company.name);
    } catch {
      return 'Callboard';
    }
  })();
  const target =
    input.kind === 'production'
      ? (cal.productionRow(input.id!)?.title ?? input.id!)
      : input.kind === 'venue'
        ? (cal.venueOf(input.id!)?.name ?? input.id!)
        : input.kind === 'person'
          ? names(input.id!)
          : input.kind === 'public'
            ? 'Performances'
            : 'All events';
  const ectx = { now, venue: (id: string) => cal.venueOf(id), personName: names, publicOnly, calendarName: `${org}: ${target}` };
  const base = `${input.kind}${input.id ? `-${input.id}` : ''}`.replace(/[^A-Za-z0-9._-]+/g, '-');
  if (input.format === 'ical') {
    return { format: 'ical' as const, contentType: 'text/calendar; charset=utf-8', filename: `${base}.ics`, events: events.length, content: toICalendar(events, ectx) };
  }
  const zone = input.timeZone ?? companyZone(ctx);
  const fromUtc = input.from !== undefined ? toUtc(input.from, zone, 'from') : now - 10 * 366 * DAY;
  const toUtcV = input.to !== undefined ? toUtc(input.to, zone, 'to') : now + 2 * 366 * DAY;
  cal.checkWindow(fromUtc, toUtcV, MAX_EXPORT_DAYS);
  const records = occurrenceRecords(occurrencesOf(events, fromUtc, toUtcV, publicOnly), ectx);
  if (input.format === 'csv') {
    return { format: 'csv' as const, contentType: 'text/csv; charset=utf-8', filename: `${base}.csv`, events: events.length, occurrences: records.length, content: toCsv(records) };
  }
  return {
    format: 'json' as const,
    contentType: 'application/json',
    filename: `${base}.json`,
    events: events.length,
    occurrences: records.length,
    content: JSON.stringify({ calendar: ectx.calendarName, from: new Date(fromUtc).toISOString(), to: new Date(toUtcV).toISOString(), occurrences: records }, null, 2),
  };
}

const importInput = z
  .object({
    productionId,
    ics: z.string().max(MAX_IMPORT_BYTES, `the file is larger than ${MAX_IMPORT_BYTES} bytes`),
    timeZone: timeZone.optional(),
    public: z.boolean().optional(),
  })
  .strict();

function previewImport(ctx: HandlerContext, input: z.output<typeof importInput>) {
  const cal = ctx.services.calendar;
  const zone = input.timeZone ?? cal.defaultZone(input.productionId, null, companyZone(ctx));
  const parsed = parseICalendar(input.ics, { defaultZone: zone, venues: cal.venues(), defaultPublic: input.public ?? false });
  const existing = new Set(cal.production(input.productionId).events.map((e) => e.id));
  const issues = [...parsed.issues];
  const events: CalendarEvent[] = [];
  for (const x of parsed.events) {
    if (existing.has(x.id)) {
      issues.push({ line: x.line, message: `"${x.fields.title}" (UID ${x.uid}) is already in this schedule` });
      continue;
    }
    const e = toCalendarEvent(x, ctx.clock.now());
    try {
      cal.draftEvent(input.productionId, x.fields, x.id);
      events.push(e);
    } catch (err) {
      if (err instanceof CallboardError && err.code === 'invalid') issues.push({ line: x.line, message: err.message });
      else throw err;
    }
  }
  issues.sort((a, b) => a.line - b.line);
  const conflicts = events.length ? cal.conflictsOf(input.productionId, events) : [];
  return { events, issues, conflicts };
}

export const calendarProcedures = {
  'calendar.events': procedure({
    name: 'calendar.events',
    description: 'Occurrences in a time window (at most 400 days), filtered by production, venue, person or type; only productions the caller may see.',
    kind: 'query',
    input: z
      .object({
        ...windowShape,
        productionIds: z.array(productionId).max(200).optional(),
        venueId: venueId.optional(),
        spaceId: scopeId('space').optional(),
        personId: personId.optional(),
        types: z.array(eventType).max(10).optional(),
        publicOnly: z.boolean().optional(),
      })
      .strict(),
    permission: authenticated,
    handler: (input, ctx) => {
      const { fromUtc, toUtc: to } = windowOf(input, ctx);
      const occ = ctx.services.calendar.occurrences({
        fromUtc,
        toUtc: to,
        ...(input.productionIds ? { productionIds: input.productionIds } : {}),
        ...(input.venueId ? { venueId: input.venueId } : {}),
        ...(input.spaceId ? { spaceId: input.spaceId } : {}),
        ...(input.personId ? { personId: input.personId } : {}),
        ...(input.types ? { types: input.types } : {}),
        ...(input.publicOnly ? { publicOnly: true } : {}),
      });
      return withNames(ctx, visibleOccurrences(ctx, occ));
    },
  }),
  'calendar.event': procedure({
    name: 'calendar.event',
    description: 'One event with its rule, exceptions, changed occurrences and recorded conflict overrides.',
    kind: 'query',
    input: z.object({ productionId, eventId }).strict(),
    permission: { action: 'view', scope: (i) => productionScope(i.productionId) },
    handler: (input, ctx) => ctx.services.calendar.event(input.productionId, input.eventId),
  }),
  'calendar.createEvent': procedure({
    name: 'calendar.createEvent',
    description:
      'Schedules an event (optionally recurring). Conflicts (venue, people, blackout, availability) refuse the change with code "conflict" listing them, unless acceptConflicts gives a reason, which is recorded.',
    kind: 'mutation',
    input: z.object({ productionId, event: newEventInput, acceptConflicts }).strict(),
    permission: { action: SCHEDULE, scope: (i) => productionScope(i.productionId) },
    handler: (input, ctx) => {
      const fields = fieldsFrom(input.event, input.productionId, ctx);
      const r = ctx.services.calendar.createEvent(input.productionId, fields, { by: ctx.principal.userId, ...(input.acceptConflicts ? { acceptConflicts: input.acceptConflicts } : {}) });
      const e = r.events[0]!;
      ctx.audit({ target: `${productionScope(input.productionId)}/event:${e.id}`, summary: `Scheduled ${describeEvent(e)}${conflictNote(r.conflicts, input.acceptConflicts)}`, after: e });
      return { event: e, conflicts: r.conflicts };
    },
  }),
  'calendar.updateEvent': procedure({
    name: 'calendar.updateEvent',
    description:
      'Changes or moves an event. For a recurring event, scope "this" changes one occurrence (named by its original start), "following" splits the series there, "all" changes the series (moving an occurrence moves the series). Conflicts as for createEvent.',
    kind: 'mutation',
    input: z.object({ productionId, eventId, scope: editScope.default('all'), occurrence: localTime.optional(), patch: patchInput, acceptConflicts }).strict(),
    permission: { action: SCHEDULE, scope: (i) => productionScope(i.productionId) },
    handler: (input, ctx) => {
      const before = ctx.services.calendar.event(input.productionId, input.eventId);
      const r = ctx.services.calendar.updateEvent(input.productionId, input.eventId, input.scope, input.occurrence, patchFrom(input.patch), {
        by: ctx.principal.userId,
        ...(input.acceptConflicts ? { acceptConflicts: input.acceptConflicts } : {}),
      });
      const what = input.scope === 'all' ? 'all occurrences' : input.scope === 'this' ? `the occurrence of ${input.occurrence}` : `${input.occurrence} and following`;
      ctx.audit({
        target: `${productionScope(input.productionId)}/event:${input.eventId}`,
        summary: `Changed ${before.type.replace('_', ' ')} "${before.title}" (${what}): ${Object.keys(input.patch).join(', ') || 'nothing'}${conflictNote(r.conflicts, input.acceptConflicts)}`,
        before,
        after: r.events,
      });
      return { events: r.events, conflicts: r.conflicts };
    },
  }),
  'calendar.deleteEvent': procedure({
    name: 'calendar.deleteEvent',
    description: 'Cancels an event: one occurrence ("this"), an occurrence and the rest of its series ("following"), or all of it.',
    kind: 'mutation',
    input: z.object({ productionId, eventId, scope: editScope.default('all'), occurrence: localTime.optional() }).strict(),
    permission: { action: SCHEDULE, scope: (i) => productionScope(i.productionId) },
    handler: (input, ctx) => {
      const before = ctx.services.calendar.event(input.productionId, input.eventId);
      const r = ctx.services.calendar.deleteEvent(input.productionId, input.eventId, input.scope, input.occurrence);
      const what = input.scope === 'all' ? '' : input.scope === 'this' ? ` on ${input.occurrence}` : ` from ${input.occurrence} on`;
      ctx.audit({ target: `${productionScope(input.productionId)}/event:${input.eventId}`, summary: `Cancelled ${before.type.replace('_', ' ')} "${before.title}"${what}`, before });
      return { events: r.events, removed: r.removed };
    },
  }),
  'calendar.checkConflicts': procedure({
    name: 'calendar.checkConflicts',
    description: 'The conflicts a new event (event) or a change (eventId, scope, occurrence, patch) would have, without changing anything.',
    kind: 'query',
    input: z
      .object({ productionId, event: newEventInput.optional(), eventId: eventId.optional(), scope: editScope.default('all'), occurrence: localTime.optional(), patch: patchInput.optional() })
      .strict()
      .refine((i) => (i.event === undefined) !== (i.eventId === undefined), { message: 'give either event (new) or eventId and patch (change)', path: ['event'] }),
    permission: { action: 'view', scope: (i) => productionScope(i.productionId) },
    handler: (input, ctx) => {
      const cal = ctx.services.calendar;
      if (input.event) {
        const e = cal.draftEvent(input.productionId, fieldsFrom(input.event, input.productionId, ctx));
        return { conflicts: cal.conflictsOf(input.productionId, [e]) };
      }
      const plan = cal.planUpdate(input.productionId, input.eventId!, input.scope, input.occurrence, patchFrom(input.patch ?? {}));
      let conflicts = cal.conflictsOf(input.productionId, plan.write);
      if (input.scope === 'this') conflicts = conflicts.filter((c) => c.recurrenceId === input.occurrence);
      return { conflicts };
    },
  }),
  'calendar.conflicts': procedure({
    name: 'calendar.conflicts',
    description: "Conflicts among what is scheduled in a window: one production's (productionId) or one person's (personId).",
    kind: 'query',
    input: z
      .object({ ...windowShape, productionId: productionId.optional(), personId: personId.optional() })
      .strict()
      .refine((i) => (i.productionId === undefined) !== (i.personId === undefined), { message: 'give productionId or personId', path: ['productionId'] }),
    permission: authenticated,
    handler: (input, ctx) => {
      const { fromUtc, toUtc: to } = windowOf(input, ctx);
      const all = ctx.services.calendar.existingConflicts({
        fromUtc,
        toUtc: to,
        ...(input.productionId ? { productionIds: [input.productionId] } : {}),
        ...(input.personId ? { personId: input.personId } : {}),
      });
      return all.filter((c) => ctx.can('view', productionScope(c.productionId)) && (!c.other || ctx.can('view', productionScope(c.other.productionId))));
    },
  }),
  'calendar.myCalls': procedure({
    name: 'calendar.myCalls',
    description: "The caller's own calls in a window (the directory person with the caller's e-mail, or personId).",
    kind: 'query',
    input: z.object({ ...windowShape, personId: personId.optional() }).strict(),
    permission: authenticated,
    handler: (input, ctx) => {
      const user = ctx.services.authorizer.activeUser(ctx.principal.userId);
      const person = input.personId ?? ctx.services.calendar.personForUser(user?.email);
      if (!person) return { personId: null, occurrences: [] };
      const { fromUtc, toUtc: to } = windowOf(input, ctx);
      return { personId: person, occurrences: withNames(ctx, visibleOccurrences(ctx, ctx.services.calendar.occurrences({ fromUtc, toUtc: to, personId: person }))) };
    },
  }),
  'calendar.venueAvailability': procedure({
    name: 'calendar.venueAvailability',
    description: "A venue's bookings, blackout dates and availability windows in a window (bookings of productions the caller cannot see show as busy).",
    kind: 'query',
    input: z.object({ ...windowShape, venueId }).strict(),
    permission: { action: 'view', scope: (i) => venueScope(i.venueId) },
    handler: (input, ctx) => {
      const venue = ctx.services.calendar.venue(input.venueId);
      const { fromUtc, toUtc: to } = windowOf({ ...input, timeZone: input.timeZone ?? venue.timeZone }, ctx);
      const occ = ctx.services.calendar.occurrences({ fromUtc, toUtc: to, venueId: input.venueId });
      const bookings = withNames(ctx, occ).map((o) =>
        ctx.can('view', productionScope(o.productionId)) ? { ...o, hidden: false } : { ...o, title: 'Busy', people: [], peopleNames: [], notes: '', groups: [], hidden: true },
      );
      const fromDate = new Date(fromUtc).toISOString().slice(0, 10);
      const toDate = new Date(to).toISOString().slice(0, 10);
      return { venue, bookings, blackouts: venue.blackouts.filter((b) => b.end >= fromDate && b.start <= toDate), availability: venue.availability };
    },
  }),
  'calendar.export': procedure({
    name: 'calendar.export',
    description:
      'Exports a production, venue, person, the public performances or everything the caller may see: iCalendar (whole events, RRULE/EXDATE/RECURRENCE-ID, VTIMEZONE), or CSV/JSON occurrences in a window (default: 10 years back, 2 ahead).',
    kind: 'query',
    input: exportInput,
    permission: authenticated,
    handler: (input, ctx) => runExport(ctx, input),
  }),
  'calendar.importPreview': procedure({
    name: 'calendar.importPreview',
    description: 'Reads an iCalendar file for a production and shows what would be created, the problems by line number and the conflicts; changes nothing.',
    kind: 'query',
    input: importInput,
    permission: { action: SCHEDULE, scope: (i) => productionScope(i.productionId) },
    handler: (input, ctx) => previewImport(ctx, input),
  }),
  'calendar.import': procedure({
    name: 'calendar.import',
    description:
      'Imports an iCalendar file into a production after its preview: needs confirm: true; a file with problems imports nothing unless skipInvalid: true (then the valid events are imported). Conflicts are reported, not blocking.',
    kind: 'mutation',
    input: importInput.extend({ confirm: z.literal(true, { message: 'look at calendar.importPreview first, then confirm: true' }), skipInvalid: z.boolean().optional() }).strict(),
    permission: { action: SCHEDULE, scope: (i) => productionScope(i.productionId) },
    handler: (input, ctx) => {
      const { events, issues, conflicts } = previewImport(ctx, input);
      if (issues.length > 0 && !input.skipInvalid) {
        const first = issues[0]!;
        throw new CallboardError('invalid', `ics: line ${first.line}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}; nothing was imported`, {
          field: 'ics',
          issues: issues.map((i) => ({ field: `ics:line ${i.line}`, message: i.message, line: i.line })),
        });
      }
      if (events.length === 0) throw new CallboardError('invalid', 'ics: the file holds no events to import', { field: 'ics' });
      ctx.services.calendar.createEvents(input.productionId, events);
      ctx.audit({
        target: productionScope(input.productionId),
        summary: `Imported ${events.length} event${events.length === 1 ? '' : 's'} from an iCalendar file${issues.length ? `, skipping ${issues.length} problem${issues.length === 1 ? '' : 's'}` : ''}${conflicts.length ? ` (${conflicts.length} conflicts)` : ''}`,
      });
      return { imported: events.map((e) => ({ id: e.id, title: e.title, start: e.start })), skipped: issues, conflicts };
    },
  }),
  'calendar.feeds.create': procedure({
    name: 'calendar.feeds.create',
    description: 'Creates a subscribable iCalendar feed at a secret URL (/feeds/<secret>.ics, shown once). It shows what its creator may see; revoke it to end it.',
    kind: 'mutation',
    input: z
      .object({ kind: z.enum(EXPORT_KINDS), id: z.string().trim().min(1).max(200).optional(), name: z.string().trim().min(1).max(100).optional() })
      .strict()
      .refine((i) => (i.kind === 'public' || i.kind === 'all') === (i.id === undefined), { message: 'give an id for a production, venue or person feed (and none for public or all)', path: ['id'] }),
    permission: authenticated,
    handler: (input, ctx) => {
      const name = input.name ?? `${input.kind}${input.id ? ` ${input.id}` : ''}`;
      const r = ctx.services.calendarFeeds.create(ctx.principal.userId, input.kind, input.id ?? null, name);
      ctx.audit({ target: `feed:${r.info.id}`, summary: `Created calendar feed "${name}" (${input.kind}${input.id ? ` ${input.id}` : ''})` });
      return { ...r.info, secret: r.secret, path: r.path };
    },
  }),
  'calendar.feeds.list': procedure({
    name: 'calendar.feeds.list',
    description: "The caller's calendar feeds (never their secrets).",
    kind: 'query',
    input: z.object({}).strict(),
    permission: authenticated,
    handler: (_input, ctx): FeedInfo[] => ctx.services.calendarFeeds.list(ctx.principal.userId),
  }),
  'calendar.feeds.revoke': procedure({
    name: 'calendar.feeds.revoke',
    description: 'Revokes one of the caller\'s feeds: its URL answers 404 from then on.',
    kind: 'mutation',
    input: z.object({ id: z.string().trim().min(1).max(60) }).strict(),
    permission: authenticated,
    handler: (input, ctx) => {
      const feed = ctx.services.calendarFeeds.get(input.id);
      if (!feed || feed.userId !== ctx.principal.userId) throw new CallboardError('not_found', `No feed "${input.id}" of yours`, { field: 'id' });
      const r = ctx.services.calendarFeeds.revoke(input.id);
      ctx.audit({ target: `feed:${input.id}`, summary: `Revoked calendar feed "${feed.name}"` });
      return r;
    },
  }),
};
