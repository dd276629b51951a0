/**
 * The calendar service: productions, venues and schedules written through their documents,
 * read through the projections, with conflict checks and the materialized window kept in
 * step with the injected clock. Procedures (core/api/procedures/calendar.ts) are thin
 * wrappers; authorization happens in the dispatcher before any of this runs.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { conflictKey, findConflicts, type Conflict } from './conflicts.ts';
import { imm, plain, PROSE, toDoc, type AvailabilityWindow, type Blackout, type CalendarEvent, type Space, type Venue, type VenueDoc } from './model.ts';
import { MAX_EVENTS_PER_PRODUCTION } from './model.ts';
import { eventSpan, expandEvent, type Occurrence } from './occurrences.ts';
import {
  PRODUCTION_DOC_TYPE,
  PRODUCTION_STATUSES,
  getProduction,
  listProductions,
  productionDocId,
  productionScope,
  type ProductionDoc,
  type ProductionInfo,
  type ProductionRow,
  type ProductionStatus,
} from './production.ts';
import { extendWindow, readWindow, type MaterializedWindow } from './projection.ts';
import { queryOccurrences, type OccurrenceFilter } from './queries.ts';
import {
  cancelThis,
  completeFields,
  deleteFollowing,
  editAll,
  editFollowing,
  editThis,
  newEvent,
  validateEvent,
  type EditScope,
  type EventFields,
  type EventPatch,
} from './schedule.ts';
import { DAY, isValidTimeZone, parseDate } from './time.ts';
import { VENUE_DOC_TYPE, getVenue, listVenues, venueDocId, venueScope } from './venue.ts';

/** Materialized window: this far back and ahead of the clock (see docs/decisions/0002). */
export const WINDOW_PAST_DAYS = 2 * 365;
export const WINDOW_AHEAD_DAYS = 548;
/** The window is extended when the clock comes within this of its end. */
export const WINDOW_MARGIN_DAYS = 365;
/** Widest window a query may ask for. */
export const MAX_QUERY_DAYS = 400;
/** Conflict checks of a series look this far ahead of the clock, at most this many occurrences. */
export const CONFLICT_HORIZON_DAYS = 2 * 365;
export const CONFLICT_MAX_OCCURRENCES = 500;

const SCOPE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface ProductionInput {
  id?: string;
  title: string;
  season: string;
  status?: ProductionStatus;
  opening?: string | null;
  closing?: string | null;
  description?: string;
  timeZone?: string;
}

export interface VenueInput {
  id?: string;
  name: string;
  address?: string;
  timeZone: string;
  spaces?: Array<{ id?: string; name: string; capacity?: number | null }>;
  availability?: AvailabilityWindow[];
  blackouts?: Array<{ id?: string; start: string; end: string; reason?: string }>;
}

export interface WriteOptions {
  by: string;
  /** Keep the change despite conflicts; recorded with the event. */
  acceptConflicts?: string;
}

export interface EventChange {
  events: CalendarEvent[];
  removed: string[];
  conflicts: Conflict[];
  /** Conflicts kept with the scheduler's reason. */
  accepted: boolean;
}

const invalid = (field: string, message: string) => new CallboardError('invalid', `${field}: ${message}`, { field, issues: [{ field, message }] });

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

function newId(prefix: string): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}

/** Writes `e` into the document, assigning only the fields that changed. */
function writeEvent(draft: ProductionDoc, e: CalendarEvent): void {
  if (!draft.events) draft.events = {};
  const existing = draft.events[e.id] as unknown as Record<string, unknown> | undefined;
  if (!existing) {
    draft.events[e.id] = toDoc(e) as CalendarEvent;
    return;
  }
  const before = plain<Record<string, unknown>>(existing);
  for (const [k, v] of Object.entries(e)) {
    if (JSON.stringify(before[k]) === JSON.stringify(v)) continue;
    if (v === undefined) delete existing[k];
    else existing[k] = toDoc(v, PROSE, k);
  }
}

export class CalendarService {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
    this.ensureWindow();
  }

  get #db() {
    return this.#store.db;
  }

  // ---- the materialized window ----------------------------------------------------------

  /** Extends the materialized occurrence window when the clock nears its end. */
  ensureWindow(): MaterializedWindow {
    const now = this.#clock.now();
    const w = readWindow(this.#db);
    if (w.toUtc > w.fromUtc && w.toUtc - now > WINDOW_MARGIN_DAYS * DAY && w.fromUtc <= now) return w;
    return this.#db.transaction(() =>
      extendWindow(this.#db, { fromUtc: Math.min(w.toUtc > w.fromUtc ? w.fromUtc : Infinity, now - WINDOW_PAST_DAYS * DAY), toUtc: now + WINDOW_AHEAD_DAYS * DAY }),
    )();
  }

  window(): MaterializedWindow {
    return readWindow(this.#db);
  }

  // ---- productions ------------------------------------------------------------------------

  createProduction(input: ProductionInput): ProductionInfo {
    const id = input.id ?? `${slugify(input.title) || 'production'}-${slugify(input.season).slice(0, 9) || 'x'}`;
    if (!SCOPE_ID.test(id)) throw invalid('id', 'use letters, digits, . _ - (at most 128)');
    if (this.#store.has(productionDocId(id))) throw new CallboardError('conflict', `A production "${id}" already exists`, { field: 'id', id });
    this.#checkProductionFields(input);
    const info: ProductionInfo = {
      id,
      title: input.title,
      season: input.season,
      status: input.status ?? 'planning',
      opening: input.opening ?? null,
      closing: input.closing ?? null,
      description: input.description ?? '',
      createdAt: this.#clock.now(),
    };
    this.#store.create<ProductionDoc>(
      productionDocId(id),
      PRODUCTION_DOC_TYPE,
      productionScope(id),
      (d) => {
        d.production = toDoc(info) as ProductionInfo;
        d.events = {};
        if (input.timeZone) d.timeZone = imm(input.timeZone) as unknown as string;
      },
      { message: `create production ${id}` },
    );
    return info;
  }

  #checkProductionFields(input: Partial<ProductionInput>): void {
    if (input.status !== undefined && !PRODUCTION_STATUSES.includes(input.status)) throw invalid('status', `must be one of ${PRODUCTION_STATUSES.join(', ')}`);
    for (const f of ['opening', 'closing'] as const) {
      const v = input[f];
      if (v !== undefined && v !== null && parseDate(v) === undefined) throw invalid(f, `"${v}" is not a date YYYY-MM-DD`);
    }
    if (input.opening && input.closing && input.closing < input.opening) throw invalid('closing', 'must not be before the opening');
    if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) throw invalid('timeZone', `"${input.timeZone}" is not a known IANA time zone`);
  }

  updateProduction(id: string, patch: Partial<Omit<ProductionInput, 'id'>>): { before: Partial<ProductionInfo>; after: Partial<ProductionInfo> } {
    const doc = this.#productionDoc(id);
    const current = plain<ProductionInfo>(doc.production);
    this.#checkProductionFields({ opening: current.opening, closing: current.closing, ...patch });
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    this.#store.change<ProductionDoc>(productionDocId(id), (d) => {
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) continue;
        if (k === 'timeZone') {
          d.timeZone = imm(v as string) as unknown as string;
          continue;
        }
        const old = (current as unknown as Record<string, unknown>)[k];
        if (old === v) continue;
        before[k] = old;
        after[k] = v;
        (d.production as unknown as Record<string, unknown>)[k] = toDoc(v, PROSE, k);
      }
    });
    return { before, after };
  }

  #productionDoc(id: string): ProductionDoc {
    const docId = productionDocId(id);
    if (!this.#store.has(docId)) throw new CallboardError('not_found', `No production "${id}"`, { productionId: id });
    return this.#store.doc<ProductionDoc>(docId);
  }

  production(id: string): ProductionInfo & { timeZone: string | null; events: CalendarEvent[] } {
    const doc = this.#productionDoc(id);
    return {
      ...plain<ProductionInfo>(doc.production),
      timeZone: doc.timeZone ? String(doc.timeZone) : null,
      events: Object.values(doc.events ?? {})
        .map((e) => plain<CalendarEvent>(e))
        .sort((a, b) => a.start.localeCompare(b.start)),
    };
  }

  productions(filter: { season?: string } = {}): ProductionRow[] {
    return listProductions(this.#db, filter);
  }

  productionRow(id: string): ProductionRow | undefined {
    return getProduction(this.#db, id);
  }

  // ---- venues -------------------------------------------------------------------------------

  #checkVenue(v: Venue): void {
    if (!isValidTimeZone(v.timeZone)) throw invalid('timeZone', `"${v.timeZone}" is not a known IANA time zone`);
    const ids = new Set<string>();
    for (const [i, s] of v.spaces.entries()) {
      if (!SCOPE_ID.test(s.id)) throw invalid(`spaces[${i}].id`, 'use letters, digits, . _ -');
      if (ids.has(s.id)) throw invalid(`spaces[${i}].id`, `"${s.id}" is used twice`);
      ids.add(s.id);
    }
    for (const [i, w] of v.availability.entries()) {
      if (w.to <= w.from) throw invalid(`availability[${i}].to`, 'must be after "from"');
    }
    for (const [i, b] of v.blackouts.entries()) {
      if (parseDate(b.start) === undefined) throw invalid(`blackouts[${i}].start`, `"${b.start}" is not a date YYYY-MM-DD`);
      if (parseDate(b.end) === undefined) throw invalid(`blackouts[${i}].end`, `"${b.end}" is not a date YYYY-MM-DD`);
      if (b.end < b.start) throw invalid(`blackouts[${i}].end`, 'must not be before the start');
    }
  }

  #venueFrom(input: VenueInput, id: string, createdAt: number): Venue {
    return {
      id,
      name: input.name,
      address: input.address ?? '',
      timeZone: input.timeZone,
      spaces: (input.spaces ?? []).map((s) => ({ id: s.id ?? (slugify(s.name) || newId('space-')), name: s.name, capacity: s.capacity ?? null })),
      availability: (input.availability ?? []).map((w) => ({ days: [...w.days], from: w.from, to: w.to })),
      blackouts: (input.blackouts ?? []).map((b) => ({ id: b.id ?? newId('bo-'), start: b.start, end: b.end, reason: b.reason ?? '' })),
      createdAt,
    };
  }

  createVenue(input: VenueInput): Venue {
    const id = input.id ?? (slugify(input.name) || newId('venue-'));
    if (!SCOPE_ID.test(id)) throw invalid('id', 'use letters, digits, . _ - (at most 128)');
    if (this.#store.has(venueDocId(id))) throw new CallboardError('conflict', `A venue "${id}" already exists`, { field: 'id', id });
    const venue = this.#venueFrom(input, id, this.#clock.now());
    this.#checkVenue(venue);
    this.#store.create<VenueDoc>(venueDocId(id), VENUE_DOC_TYPE, venueScope(id), (d) => {
      d.venue = toDoc(venue) as Venue;
    });
    return venue;
  }

  updateVenue(id: string, patch: Partial<Omit<VenueInput, 'id'>>): { before: Venue; after: Venue } {
    const before = this.venue(id);
    const merged: VenueInput = {
      name: patch.name ?? before.name,
      address: patch.address ?? before.address,
      timeZone: patch.timeZone ?? before.timeZone,
      spaces: patch.spaces ?? before.spaces,
      availability: patch.availability ?? before.availability,
      blackouts: patch.blackouts ?? before.blackouts,
    };
    const after = this.#venueFrom(merged, id, before.createdAt);
    this.#checkVenue(after);
    this.#store.change<VenueDoc>(venueDocId(id), (d) => {
      const cur = d.venue as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(after)) {
        if (JSON.stringify((before as unknown as Record<string, unknown>)[k]) !== JSON.stringify(v)) cur[k] = toDoc(v, PROSE, k);
      }
    });
    return { before, after };
  }

  venue(id: string): Venue {
    if (!this.#store.has(venueDocId(id))) throw new CallboardError('not_found', `No venue "${id}"`, { venueId: id });
    return plain<Venue>(this.#store.doc<VenueDoc>(venueDocId(id)).venue);
  }

  venues(): Venue[] {
    return listVenues(this.#db);
  }

  #venueLookup = (id: string): Venue | undefined => getVenue(this.#db, id);

  // ---- events -------------------------------------------------------------------------------

  event(productionId: string, eventId: string): CalendarEvent {
    const doc = this.#productionDoc(productionId);
    const e = doc.events?.[eventId];
    if (!e) throw new CallboardError('not_found', `No event "${eventId}" in ${productionId}`, { productionId, eventId });
    return plain<CalendarEvent>(e);
  }

  /** Default zone for a new event: its venue's, else the production's, else `fallback`. */
  defaultZone(productionId: string, venueId: string | null | undefined, fallback: string): string {
    if (venueId) {
      const v = getVenue(this.#db, venueId);
      if (v) return v.timeZone;
    }
    const doc = this.#productionDoc(productionId);
    return doc.timeZone ? String(doc.timeZone) : fallback;
  }

  /** Occurrences of `events` to check for conflicts: from each first start, up to the horizon. */
  #candidates(productionId: string, events: readonly CalendarEvent[]): Occurrence[] {
    const horizon = this.#clock.now() + CONFLICT_HORIZON_DAYS * DAY;
    const out: Occurrence[] = [];
    for (const e of events) {
      const span = eventSpan(e);
      const to = Math.min(span.lastUtc ?? horizon, horizon);
      if (to <= span.firstUtc) continue;
      out.push(...expandEvent(productionId, e, span.firstUtc, to + 1).slice(0, CONFLICT_MAX_OCCURRENCES));
    }
    return out;
  }

  conflictsOf(productionId: string, events: readonly CalendarEvent[], exclude: readonly string[] = []): Conflict[] {
    const ex = new Set([...events.map((e) => `${productionId}:${e.id}`), ...exclude.map((id) => `${productionId}:${id}`)]);
    return findConflicts(this.#db, this.#candidates(productionId, events), {
      venue: this.#venueLookup,
      exclude: ex,
      personName: this.personNames(),
    });
  }

  /** Applies conflict policy: refuse with the list, or record the scheduler's reason. */
  #gate(events: CalendarEvent[], conflicts: Conflict[], opts: WriteOptions): boolean {
    if (conflicts.length === 0) return false;
    if (opts.acceptConflicts === undefined || opts.acceptConflicts.trim() === '') {
      const first = conflicts[0]!;
      throw new CallboardError(
        'conflict',
        `${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}: ${first.message}${conflicts.length > 1 ? ' …' : ''}. To keep it anyway, give a reason (acceptConflicts).`,
        { conflicts },
      );
    }
    const note = { at: this.#clock.now(), by: opts.by, reason: opts.acceptConflicts.trim(), conflicts: conflicts.map(conflictKey) };
    for (const e of events) {
      const mine = conflicts.filter((c) => c.eventId === e.id).map(conflictKey);
      if (mine.length) e.conflictOverrides = [...e.conflictOverrides, { ...note, conflicts: mine }];
    }
    return true;
  }

  /** Builds and validates a new event (no write): for previews and imports. */
  draftEvent(productionId: string, fields: EventFields, id = newId('ev-')): CalendarEvent {
    this.#productionDoc(productionId);
    validateEvent(fields, this.#venueLookup);
    return newEvent(id, fields, this.#clock.now());
  }

  createEvent(productionId: string, fields: EventFields, opts: WriteOptions): EventChange {
    const doc = this.#productionDoc(productionId);
    if (Object.keys(doc.events ?? {}).length >= MAX_EVENTS_PER_PRODUCTION) {
      throw new CallboardError('too_large', `A production holds at most ${MAX_EVENTS_PER_PRODUCTION} events; use a recurring event`, { productionId });
    }
    const e = this.draftEvent(productionId, fields);
    const conflicts = this.conflictsOf(productionId, [e]);
    const accepted = this.#gate([e], conflicts, opts);
    this.#store.change<ProductionDoc>(productionDocId(productionId), (d) => writeEvent(d, e), { message: `schedule ${e.id}` });
    return { events: [e], removed: [], conflicts, accepted };
  }

  /** Creates several events in one change (imports, demo seeding); conflicts are reported, not gated. */
  createEvents(productionId: string, events: CalendarEvent[]): void {
    const doc = this.#productionDoc(productionId);
    if (Object.keys(doc.events ?? {}).length + events.length > MAX_EVENTS_PER_PRODUCTION) {
      throw new CallboardError('too_large', `A production holds at most ${MAX_EVENTS_PER_PRODUCTION} events`, { productionId });
    }
    for (const e of events) validateEvent(e, this.#venueLookup);
    this.#store.change<ProductionDoc>(productionDocId(productionId), (d) => {
      for (const e of events) writeEvent(d, e);
    });
  }

  /** Computes the result of an edit without writing it. */
  planUpdate(productionId: string, eventId: string, scope: EditScope, occurrence: string | undefined, patch: EventPatch): { write: CalendarEvent[]; remove: string[] } {
    const e = this.event(productionId, eventId);
    const now = this.#clock.now();
    let write: CalendarEvent[];
    if (scope === 'all' || !e.rule) {
      if (scope !== 'all' && !e.rule) throw invalid('scope', 'this event does not repeat: use scope "all"');
      write = [editAll(e, patch, occurrence, now)];
    } else if (scope === 'this') {
      write = [editThis(e, occurrence, patch, now)];
    } else {
      const [head, tail] = editFollowing(e, occurrence, patch, newId('ev-'), now);
      write = head ? [head, tail] : [{ ...tail, id: e.id, sequence: e.sequence + 1, createdAt: e.createdAt, conflictOverrides: e.conflictOverrides }];
    }
    for (const w of write) validateEvent(w, this.#venueLookup);
    return { write, remove: [] };
  }

  updateEvent(productionId: string, eventId: string, scope: EditScope, occurrence: string | undefined, patch: EventPatch, opts: WriteOptions): EventChange {
    const { write } = this.planUpdate(productionId, eventId, scope, occurrence, patch);
    let conflicts: Conflict[];
    if (scope === 'this' && occurrence !== undefined) {
      const changed = write[0]!;
      conflicts = this.conflictsOf(productionId, [changed]).filter((c) => c.recurrenceId === occurrence);
    } else {
      conflicts = this.conflictsOf(productionId, write);
    }
    // Conflicts already accepted before the edit need no new reason.
    const accepted = new Set(write.flatMap((w) => w.conflictOverrides.flatMap((o) => o.conflicts)));
    const fresh = conflicts.filter((c) => !accepted.has(conflictKey(c)));
    const acc = this.#gate(write, fresh, opts);
    this.#store.change<ProductionDoc>(productionDocId(productionId), (d) => {
      for (const w of write) writeEvent(d, w);
    });
    return { events: write, removed: [], conflicts, accepted: acc };
  }

  deleteEvent(productionId: string, eventId: string, scope: EditScope, occurrence: string | undefined): EventChange {
    const e = this.event(productionId, eventId);
    const now = this.#clock.now();
    let next: CalendarEvent | null;
    if (scope === 'all' || !e.rule) {
      if (scope !== 'all' && !e.rule) throw invalid('scope', 'this event does not repeat: use scope "all"');
      next = null;
    } else if (scope === 'this') next = cancelThis(e, occurrence, now);
    else next = deleteFollowing(e, occurrence, now);
    this.#store.change<ProductionDoc>(productionDocId(productionId), (d) => {
      if (next) writeEvent(d, next);
      else if (d.events) delete d.events[eventId];
    });
    return { events: next ? [next] : [], removed: next ? [] : [eventId], conflicts: [], accepted: false };
  }

  // ---- queries ------------------------------------------------------------------------------

  checkWindow(fromUtc: number, toUtc: number, maxDays = MAX_QUERY_DAYS): void {
    if (!(toUtc > fromUtc)) throw invalid('to', 'must be after "from"');
    if (toUtc - fromUtc > maxDays * DAY) throw invalid('to', `the window is too wide: at most ${maxDays} days`);
  }

  occurrences(filter: OccurrenceFilter, maxDays = MAX_QUERY_DAYS): Occurrence[] {
    this.checkWindow(filter.fromUtc, filter.toUtc, maxDays);
    this.ensureWindow();
    return queryOccurrences(this.#db, filter);
  }

  /** Conflicts among what is already scheduled in a window, for a production's or a person's view. */
  existingConflicts(filter: OccurrenceFilter): Conflict[] {
    const occ = this.occurrences(filter);
    const out: Conflict[] = [];
    const seen = new Set<string>();
    const lookup = this.#venueLookup;
    const names = this.personNames();
    for (const o of occ) {
      for (const c of findConflicts(this.#db, [o], { venue: lookup, personName: names })) {
        if (filter.personId !== undefined && (c.kind === 'person' || c.kind === 'group') && c.personId !== filter.personId && c.kind === 'person') continue;
        const pair = c.other ? [`${c.productionId}/${c.eventId}/${c.recurrenceId}`, `${c.other.productionId}/${c.other.eventId}/${c.other.recurrenceId}`].sort().join('|') : `${c.productionId}/${c.eventId}/${c.recurrenceId}`;
        const key = `${c.kind}|${c.personId ?? c.groupId ?? c.venueId ?? ''}|${pair}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(c);
      }
    }
    return out;
  }

  #hasTable(name: string): boolean {
    return this.#db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  }

  /**
   * A directory person's display name, from the directory's `directory_people` projection
   * when it exists (the calendar does not depend on the directory); otherwise the id itself.
   */
  personNames(): (id: string) => string {
    if (!this.#hasTable('directory_people')) return (id) => id;
    const stmt = this.#db.prepare("SELECT CASE WHEN stage_name <> '' THEN stage_name ELSE name END AS n FROM directory_people WHERE id = ?");
    const cache = new Map<string, string>();
    return (id) => {
      let n = cache.get(id);
      if (n === undefined) {
        const row = stmt.get(id) as { n: string } | undefined;
        n = row?.n ? String(row.n) : id;
        cache.set(id, n);
      }
      return n;
    };
  }

  /** The directory person with a user's e-mail address (the directory's `directory_emails`), if any. */
  personForUser(email: string | undefined): string | undefined {
    if (!email || !this.#hasTable('directory_emails')) return undefined;
    const row = this.#db.prepare('SELECT person_id FROM directory_emails WHERE lower(email) = lower(?) ORDER BY person_id LIMIT 1').get(email) as
      | { person_id: string }
      | undefined;
    return row?.person_id;
  }

  venueOf(id: string): Venue | undefined {
    return this.#venueLookup(id);
  }

  static spaceName(venue: Venue | undefined, spaceId: string | null): string {
    if (!venue || spaceId === null) return '';
    return venue.spaces.find((s: Space) => s.id === spaceId)?.name ?? spaceId;
  }
}

export type { Blackout, EditScope, EventFields, EventPatch };
export { completeFields };
