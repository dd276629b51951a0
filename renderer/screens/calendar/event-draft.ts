/** The event form's state, its checks (every bad input explained) and what it sends. */
import { localMinutes, type CalendarEvent, type EditScope, type EventPatch, type EventType, type NewEvent, type Occurrence, type Venue } from './calendar-model.ts';
import type { PersonRef } from './PeoplePicker.tsx';
import { defaultRule, fromApiRule, ruleProblems, toApiRule, type RuleDraft } from './rule-draft.ts';

export interface EventDraft {
  type: EventType;
  title: string;
  productionId: string;
  venueId: string;
  spaceId: string;
  start: string;
  end: string;
  people: PersonRef[];
  public: boolean;
  notes: string;
  blocksVenue: boolean;
  repeats: boolean;
  rule: RuleDraft;
  exdates: string[];
}

export function newDraft(productionId: string, day: string): EventDraft {
  const start = `${day}T19:00`;
  return {
    type: 'rehearsal', title: '', productionId, venueId: '', spaceId: '', start, end: `${day}T22:00`, people: [], public: false, notes: '', blocksVenue: true,
    repeats: false, rule: defaultRule(start), exdates: [],
  };
}

/** A draft of an occurrence being edited: its own times and fields, the series' rule. */
export function draftFromOccurrence(o: Occurrence, e: CalendarEvent): EventDraft {
  const rule = fromApiRule(e.rule, e.start);
  return {
    type: o.type, title: o.title, productionId: o.productionId, venueId: o.venueId ?? '', spaceId: o.spaceId ?? '', start: o.start, end: o.end,
    people: o.people.map((id, i) => ({ id, name: o.peopleNames[i] ?? id })), public: o.public, notes: o.notes, blocksVenue: o.blocksVenue,
    repeats: rule !== null, rule: rule ?? defaultRule(o.start), exdates: [...e.exdates],
  };
}

/** Problems by field, in words. */
export function draftProblems(d: EventDraft, venues: Venue[], scope?: EditScope, initial?: EventDraft): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.title.trim()) out['title'] = 'Give the event a title.';
  if (!d.productionId) out['productionId'] = 'Choose the production this event belongs to.';
  const s = localMinutes(d.start);
  const e = localMinutes(d.end);
  if (s === undefined) out['start'] = 'Give a start date and time.';
  if (e === undefined) out['end'] = 'Give an end date and time.';
  if (s !== undefined && e !== undefined) {
    if (e <= s) out['end'] = 'The end must be after the start.';
    else if (e - s > 14 * 24 * 60) out['end'] = 'An event lasts at most 14 days; use a repeating event for a run.';
  }
  const venue = venues.find((v) => v.id === d.venueId);
  if (d.spaceId && venue && !venue.spaces.some((sp) => sp.id === d.spaceId)) out['spaceId'] = `${venue.name} has no such space.`;
  if (d.repeats && scope !== 'this') for (const [k, v] of Object.entries(ruleProblems(d.rule, d.start))) out[`rule.${k}`] = v;
  if (scope === 'this' && initial) {
    const seriesOnly: string[] = [];
    if (d.type !== initial.type) seriesOnly.push('type');
    if (d.public !== initial.public) seriesOnly.push('public');
    if (d.blocksVenue !== initial.blocksVenue) seriesOnly.push('“does not block the venue”');
    if (d.repeats !== initial.repeats || JSON.stringify(d.rule) !== JSON.stringify(initial.rule) || JSON.stringify(d.exdates) !== JSON.stringify(initial.exdates)) seriesOnly.push('repetition');
    if (seriesOnly.length) out['scope'] = `${seriesOnly.join(', ')} can only change for “This and following” or “All occurrences”.`;
  }
  return out;
}

export function toNewEvent(d: EventDraft): NewEvent {
  return {
    type: d.type,
    title: d.title.trim(),
    venueId: d.venueId || null,
    spaceId: d.venueId && d.spaceId ? d.spaceId : null,
    start: d.start,
    end: d.end,
    people: d.people.map((p) => p.id),
    public: d.public,
    notes: d.notes,
    blocksVenue: d.blocksVenue,
    ...(d.repeats ? { rule: toApiRule(d.rule), exdates: d.exdates } : {}),
  };
}

/** Only what changed, and for "this occurrence" only what one occurrence can change. */
export function toPatch(d: EventDraft, initial: EventDraft, scope: EditScope): EventPatch {
  const next = toNewEvent(d);
  const before = toNewEvent(initial);
  const patch: Record<string, unknown> = {};
  const keys = scope === 'this' ? (['title', 'venueId', 'spaceId', 'start', 'end', 'notes', 'people'] as const) : (['type', 'title', 'venueId', 'spaceId', 'start', 'end', 'notes', 'people', 'public', 'blocksVenue'] as const);
  for (const k of keys) if (JSON.stringify(next[k]) !== JSON.stringify(before[k])) patch[k] = next[k];
  // A new time is sent whole: a start alone would keep the old duration.
  if ('start' in patch || 'end' in patch) Object.assign(patch, { start: next.start, end: next.end });
  if (scope !== 'this') {
    const rule = d.repeats ? toApiRule(d.rule) : null;
    const was = initial.repeats ? toApiRule(initial.rule) : null;
    if (JSON.stringify(rule) !== JSON.stringify(was)) patch['rule'] = rule;
    if (d.repeats && JSON.stringify(d.exdates) !== JSON.stringify(initial.exdates)) patch['exdates'] = d.exdates;
  }
  return patch as EventPatch;
}
