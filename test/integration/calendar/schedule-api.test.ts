import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../../core/calendar/model.ts';
import type { Conflict } from '../../../core/calendar/conflicts.ts';
import { CallboardError } from '../../../core/errors.ts';
import { calendarApp, rowsOf, type CalendarTestApp } from './helpers.ts';

interface Occ {
  eventId: string;
  recurrenceId: string | null;
  start: string;
  end: string;
  startUtc: number;
  title: string;
  venueName: string | null;
  peopleNames: string[];
}

let t: CalendarTestApp;
beforeEach(async () => {
  t = await calendarApp();
});
afterEach(() => t.cleanup());

const rehearsals = {
  type: 'rehearsal',
  title: 'Blocking',
  venueId: 'playhouse',
  spaceId: 'studio',
  start: '2026-03-02T19:00',
  end: '2026-03-02T22:00',
  rule: 'FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260415',
  people: ['p1-priya', 'p1-dev'],
};

async function expectError(p: Promise<unknown>, code: string, field?: string): Promise<CallboardError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CallboardError);
  const e = err as CallboardError;
  expect(e.code).toBe(code);
  if (field) expect(e.message).toContain(field);
  return e;
}

describe('scheduling through the API', () => {
  it('creates a weekly rehearsal series and lists its occurrences across the DST change at local 7 pm', async () => {
    const { event } = await t.call<{ event: CalendarEvent }>('calendar.createEvent', { productionId: 'woods-2026', event: rehearsals });
    expect(event.timeZone).toBe('America/Los_Angeles'); // from the venue
    const occ = await t.call<Occ[]>('calendar.events', { from: '2026-03-01', to: '2026-04-01', productionIds: ['woods-2026'] });
    expect(occ.map((o) => o.start)).toEqual([
      '2026-03-02T19:00', '2026-03-04T19:00', '2026-03-09T19:00', '2026-03-11T19:00',
      '2026-03-16T19:00', '2026-03-18T19:00', '2026-03-23T19:00', '2026-03-25T19:00', '2026-03-30T19:00',
    ]);
    // Clocks change on 2026-03-08: 19:00 PST is 03:00Z, 19:00 PDT is 02:00Z.
    expect(new Date(occ[1]!.startUtc).toISOString()).toBe('2026-03-05T03:00:00.000Z');
    expect(new Date(occ[2]!.startUtc).toISOString()).toBe('2026-03-10T02:00:00.000Z');
    expect(occ[0]!.venueName).toBe('Riverside Playhouse');
    const audit = t.app.store.db.prepare("SELECT summary FROM audit_log WHERE procedure = 'calendar.createEvent'").all() as Array<{ summary: string }>;
    expect(audit[0]?.summary).toContain('rehearsal "Blocking" from 2026-03-02 19:00, repeating (weekly on MO,WE until 2026-04-15)');
  });

  it('refuses bad input with a clear error naming the field, and changes nothing', async () => {
    const before = rowsOf(t, 'calendar_events', 'rid');
    const cases: Array<[unknown, string]> = [
      [{ ...rehearsals, rule: null, end: '2026-03-02T18:00' }, 'end'],
      [{ ...rehearsals, timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ ...rehearsals, rule: 'FREQ=WEEKLY;BYDAY=XX' }, 'rule.byDay'],
      [{ ...rehearsals, rule: 'FREQ=HOURLY' }, 'rule.freq'],
      [{ ...rehearsals, rule: { freq: 'WEEKLY', byDay: [{ day: 'TU' }] } }, 'start'],
      [{ ...rehearsals, venueId: 'nowhere' }, 'venueId'],
      [{ ...rehearsals, spaceId: 'attic' }, 'spaceId'],
      [{ ...rehearsals, start: '2026-02-30T19:00' }, 'start'],
      [{ ...rehearsals, rule: null, end: '2026-03-30T19:00' }, 'end'],
    ];
    for (const [event, field] of cases) {
      await expectError(t.call('calendar.createEvent', { productionId: 'woods-2026', event }), 'invalid', field);
    }
    await expectError(t.call('calendar.events', { from: '2026-01-01', to: '2028-01-01' }), 'invalid', 'too wide');
    await expectError(t.call('calendar.events', { from: '2026-02-01', to: '2026-01-01' }), 'invalid', 'to');
    await expectError(t.call('calendar.createEvent', { productionId: 'nope', event: rehearsals }), 'not_found');
    expect(rowsOf(t, 'calendar_events', 'rid')).toEqual(before);
    expect(t.app.services.calendar.production('woods-2026').events).toEqual([]);
  });

  it('reports venue and person conflicts, refuses without a reason, records the reason when kept', async () => {
    await t.call('calendar.createEvent', { productionId: 'woods-2026', event: rehearsals });
    await t.call('productions.create', { id: 'carol-2026', title: 'A Christmas Carol', season: '2026-27' });
    const fitting = {
      type: 'costume_fitting',
      title: 'Fittings',
      venueId: 'playhouse',
      spaceId: 'studio',
      start: '2026-03-09T20:00',
      end: '2026-03-09T21:00',
      people: ['p1-dev'],
    };
    const preview = await t.call<{ conflicts: Conflict[] }>('calendar.checkConflicts', { productionId: 'carol-2026', event: fitting });
    expect(preview.conflicts.map((c) => c.kind).sort()).toEqual(['person', 'venue']);
    expect(preview.conflicts.find((c) => c.kind === 'person')!.other!.title).toBe('Blocking');
    const err = await expectError(t.call('calendar.createEvent', { productionId: 'carol-2026', event: fitting }), 'conflict');
    expect((err.details!.conflicts as Conflict[]).length).toBe(2);
    expect(t.app.services.calendar.production('carol-2026').events).toEqual([]);

    // Another space in the same venue, nobody shared: no conflict.
    const ok = await t.call<{ conflicts: Conflict[] }>('calendar.createEvent', { productionId: 'carol-2026', event: { ...fitting, spaceId: 'main', people: ['p1-hannah'] } });
    expect(ok.conflicts).toEqual([]);
    // "Does not block the venue": only the person conflict remains.
    const soft = await t.call<{ conflicts: Conflict[] }>('calendar.checkConflicts', { productionId: 'carol-2026', event: { ...fitting, blocksVenue: false } });
    expect(soft.conflicts.map((c) => c.kind)).toEqual(['person']);

    const kept = await t.call<{ event: CalendarEvent; conflicts: Conflict[] }>('calendar.createEvent', {
      productionId: 'carol-2026',
      event: fitting,
      acceptConflicts: 'Dev leaves blocking early that night',
    });
    expect(kept.conflicts).toHaveLength(2);
    expect(kept.event.conflictOverrides[0]).toMatchObject({ reason: 'Dev leaves blocking early that night', by: t.adminId });
    const audit = t.app.store.db.prepare("SELECT summary FROM audit_log WHERE procedure = 'calendar.createEvent' ORDER BY rowid DESC LIMIT 1").get() as { summary: string };
    expect(audit.summary).toContain('kept despite 2 conflicts (reason: Dev leaves blocking early that night)');

    // The conflicts view shows it for the production and for the person.
    const prodView = await t.call<Conflict[]>('calendar.conflicts', { from: '2026-03-01', to: '2026-04-01', productionId: 'carol-2026' });
    expect(prodView.map((c) => c.kind).sort()).toEqual(['person', 'venue']);
    const personView = await t.call<Conflict[]>('calendar.conflicts', { from: '2026-03-01', to: '2026-04-01', personId: 'p1-dev' });
    expect(personView.filter((c) => c.kind === 'person')).toHaveLength(1);
  });

  it('warns about blackout dates and availability windows', async () => {
    await t.call('venues.create', {
      id: 'grange',
      name: 'Millbrook Grange Hall',
      timeZone: 'America/Los_Angeles',
      availability: [{ days: ['MO', 'TU', 'WE', 'TH', 'FR'], from: '17:00', to: '23:00' }, { days: ['SA', 'SU'], from: '09:00', to: '23:00' }],
      blackouts: [{ start: '2026-03-14', end: '2026-03-15', reason: 'Grange pancake breakfast' }],
    });
    const base = { type: 'meeting', title: 'Production meeting', venueId: 'grange', start: '2026-03-14T10:00', end: '2026-03-14T12:00' };
    const a = await t.call<{ conflicts: Conflict[] }>('calendar.checkConflicts', { productionId: 'woods-2026', event: base });
    expect(a.conflicts.map((c) => c.kind)).toEqual(['blackout']);
    expect(a.conflicts[0]!.message).toContain('pancake breakfast');
    const b = await t.call<{ conflicts: Conflict[] }>('calendar.checkConflicts', { productionId: 'woods-2026', event: { ...base, start: '2026-03-16T10:00', end: '2026-03-16T12:00' } });
    expect(b.conflicts.map((c) => c.kind)).toEqual(['availability']);
    const c = await t.call<{ conflicts: Conflict[] }>('calendar.checkConflicts', { productionId: 'woods-2026', event: { ...base, start: '2026-03-16T18:00', end: '2026-03-16T20:00' } });
    expect(c.conflicts).toEqual([]);
  });

  it('edits one occurrence, this-and-following, and all occurrences', async () => {
    const { event } = await t.call<{ event: CalendarEvent }>('calendar.createEvent', { productionId: 'woods-2026', event: { ...rehearsals, people: [] } });
    const list = async () => (await t.call<Occ[]>('calendar.events', { from: '2026-03-01', to: '2026-04-20', productionIds: ['woods-2026'] })).map((o) => `${o.start} ${o.title}`);

    // This occurrence: move Wed 11 March to Thu 12 March 18:00.
    await t.call('calendar.updateEvent', { productionId: 'woods-2026', eventId: event.id, scope: 'this', occurrence: '2026-03-11T19:00', patch: { start: '2026-03-12T18:00' } });
    let l = await list();
    expect(l).toContain('2026-03-12T18:00 Blocking');
    expect(l).not.toContain('2026-03-11T19:00 Blocking');
    const moved = (await t.call<Occ[]>('calendar.events', { from: '2026-03-12', to: '2026-03-13' }))[0]!;
    expect(moved).toMatchObject({ recurrenceId: '2026-03-11T19:00', end: '2026-03-12T21:00' });

    // Cancel one occurrence.
    await t.call('calendar.deleteEvent', { productionId: 'woods-2026', eventId: event.id, scope: 'this', occurrence: '2026-03-16T19:00' });
    expect(await list()).not.toContain('2026-03-16T19:00 Blocking');

    // This and following: from 23 March, "Run-throughs" at 18:30.
    const r = await t.call<{ events: CalendarEvent[] }>('calendar.updateEvent', {
      productionId: 'woods-2026',
      eventId: event.id,
      scope: 'following',
      occurrence: '2026-03-23T19:00',
      patch: { title: 'Run-throughs', start: '2026-03-23T18:30' },
    });
    expect(r.events).toHaveLength(2);
    expect(r.events[0]!.rule!.until).toBe('2026-03-23T18:59');
    l = await list();
    expect(l.filter((x) => x.includes('Blocking'))).toEqual(['2026-03-02T19:00 Blocking', '2026-03-04T19:00 Blocking', '2026-03-09T19:00 Blocking', '2026-03-12T18:00 Blocking', '2026-03-18T19:00 Blocking']);
    expect(l.filter((x) => x.includes('Run-throughs'))[0]).toBe('2026-03-23T18:30 Run-throughs');
    expect(l.filter((x) => x.includes('Run-throughs')).at(-1)).toBe('2026-04-15T18:30 Run-throughs');

    // All: move the first series one hour later from one of its occurrences; the exception and the change move with it.
    await t.call('calendar.updateEvent', { productionId: 'woods-2026', eventId: event.id, scope: 'all', occurrence: '2026-03-04T19:00', patch: { start: '2026-03-04T20:00' } });
    const e = await t.call<CalendarEvent>('calendar.event', { productionId: 'woods-2026', eventId: event.id });
    expect(e.start).toBe('2026-03-02T20:00');
    expect(e.end).toBe('2026-03-02T23:00');
    expect(e.exdates).toEqual(['2026-03-16T20:00']);
    expect(Object.keys(e.overrides)).toEqual(['2026-03-11T20:00']);
    expect(e.sequence).toBe(4);
    l = await list();
    expect(l.filter((x) => x.includes('Blocking'))).toEqual(['2026-03-02T20:00 Blocking', '2026-03-04T20:00 Blocking', '2026-03-09T20:00 Blocking', '2026-03-12T18:00 Blocking', '2026-03-18T20:00 Blocking']);

    await expectError(t.call('calendar.updateEvent', { productionId: 'woods-2026', eventId: event.id, scope: 'this', occurrence: '2026-03-03T20:00', patch: { title: 'x' } }), 'invalid', 'occurrence');
    await expectError(t.call('calendar.updateEvent', { productionId: 'woods-2026', eventId: event.id, scope: 'this', occurrence: '2026-03-04T20:00', patch: { rule: null } }), 'invalid', 'rule');
  });

  it('filters by person, venue and type; shows my calls through the directory e-mail', async () => {
    await t.call('calendar.createEvent', { productionId: 'woods-2026', event: rehearsals });
    await t.call('calendar.createEvent', {
      productionId: 'woods-2026',
      event: { type: 'performance', title: 'Opening night', venueId: 'playhouse', spaceId: 'main', start: '2026-04-17T19:30', end: '2026-04-17T22:00', public: true },
    });
    const perf = await t.call<Occ[]>('calendar.events', { from: '2026-03-01', to: '2026-05-01', types: ['performance'] });
    expect(perf.map((o) => o.title)).toEqual(['Opening night']);
    const dev = await t.call<Occ[]>('calendar.events', { from: '2026-03-01', to: '2026-05-01', personId: 'p1-dev' });
    expect(dev).toHaveLength(14);
    const main = await t.call<Occ[]>('calendar.events', { from: '2026-03-01', to: '2026-05-01', venueId: 'playhouse', spaceId: 'main' });
    expect(main.map((o) => o.title)).toEqual(['Opening night']);
    const publicOnly = await t.call<Occ[]>('calendar.events', { from: '2026-03-01', to: '2026-05-01', publicOnly: true });
    expect(publicOnly).toHaveLength(1);
    // No directory person has the admin's e-mail: no calls, not an error.
    expect(await t.call('calendar.myCalls', { from: '2026-03-01', to: '2026-05-01' })).toEqual({ personId: null, occurrences: [] });
    const mine = await t.call<{ occurrences: Occ[] }>('calendar.myCalls', { from: '2026-03-01', to: '2026-05-01', personId: 'p1-priya' });
    expect(mine.occurrences).toHaveLength(14);
  });

  it('lets only granted users schedule; lists are filtered by view', async () => {
    const nobody = await t.call<{ id: string }>('users.create', { name: 'Tomás Ruiz', email: 'tomas@example.org' });
    const sm = await t.call<{ id: string }>('users.create', { name: 'Dev Okafor', email: 'dev@example.org', roles: ['stage-manager'] });
    const asNobody = t.app.localPrincipal(nobody.id);
    const asSm = t.app.localPrincipal(sm.id);
    await expectError(t.call('calendar.createEvent', { productionId: 'woods-2026', event: rehearsals }, asNobody), 'forbidden');
    await expectError(t.call('productions.create', { title: 'Hamlet', season: '2027' }, asNobody), 'forbidden');
    await expectError(t.call('venues.create', { name: 'Barn', timeZone: 'UTC' }, asSm), 'forbidden');
    await t.call('calendar.createEvent', { productionId: 'woods-2026', event: rehearsals }, asSm);
    expect(await t.call('productions.list', {}, asNobody)).toEqual([]);
    expect(await t.call('calendar.events', { from: '2026-03-01', to: '2026-04-01' }, asNobody)).toEqual([]);
    expect((await t.call<Occ[]>('calendar.events', { from: '2026-03-01', to: '2026-04-01' }, asSm)).length).toBe(9);
    const mine = await t.call<Array<{ id: string }>>('productions.list', {}, asSm);
    expect(mine.map((p) => p.id)).toEqual(['woods-2026']);
  });
});
