import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../../core/calendar/model.ts';
import { expandEvent } from '../../../core/calendar/occurrences.ts';
import { WINDOW_AHEAD_DAYS, WINDOW_PAST_DAYS } from '../../../core/calendar/service.ts';
import { DAY, localToUtc } from '../../../core/calendar/time.ts';
import { calendarApp, rowsOf, type CalendarTestApp } from './helpers.ts';

let t: CalendarTestApp;
beforeEach(async () => {
  t = await calendarApp('2026-03-01T18:00:00Z');
});
afterEach(() => t.cleanup());

const TABLES: Array<[string, string]> = [
  ['calendar_events', 'production_id, event_id'],
  ['calendar_event_people', 'person_id, kind, production_id, event_id'],
  ['calendar_occurrences', 'production_id, event_id, recurrence_id'],
  ['calendar_event_spans', 'min_minute, max_minute'],
  ['venues', 'id'],
  ['productions', 'id'],
];
const snapshot = () =>
  Object.fromEntries(
    TABLES.map(([table, order]) => [
      table,
      table === 'calendar_events'
        ? (rowsOf(t, table, order) as Array<Record<string, unknown>>).map(({ rid: _rid, ...rest }) => rest)
        : table === 'calendar_event_spans'
          ? (rowsOf(t, table, order) as Array<Record<string, unknown>>).map(({ id: _id, ...rest }) => rest)
          : rowsOf(t, table, order),
    ]),
  );

/** Five years back and five ahead: a production each spring and fall with a rehearsal series and a run. */
async function seedTenYears(): Promise<void> {
  for (let year = 2021; year <= 2031; year++) {
    for (const [season, month] of [['spring', 3], ['fall', 9]] as const) {
      const id = `${season}-${year}`;
      await t.call('productions.create', { id, title: `${season} show ${year}`, season: String(year) });
      const mm = String(month).padStart(2, '0');
      // First Monday of the month.
      const first = [1, 2, 3, 4, 5, 6, 7].map((d) => new Date(Date.UTC(year, month - 1, d))).find((d) => d.getUTCDay() === 1)!.getUTCDate();
      const dd = String(first).padStart(2, '0');
      await t.call('calendar.createEvent', {
        productionId: id,
        event: { type: 'rehearsal', title: 'Rehearsal', venueId: 'playhouse', spaceId: 'studio', start: `${year}-${mm}-${dd}T19:00`, end: `${year}-${mm}-${dd}T22:00`, rule: 'FREQ=WEEKLY;BYDAY=MO,WE,TH;COUNT=18', people: [`p1-cast${year % 3}`] },
      });
      const perfMonth = String(month + 2).padStart(2, '0');
      await t.call('calendar.createEvent', {
        productionId: id,
        event: { type: 'performance', title: 'Performance', venueId: 'playhouse', spaceId: 'main', start: `${year}-${perfMonth}-05T19:30`, end: `${year}-${perfMonth}-05T22:00`, rule: 'FREQ=DAILY;COUNT=6', public: true },
      });
    }
  }
  // A standing production meeting with no end.
  await t.call('calendar.createEvent', {
    productionId: 'woods-2026',
    event: { type: 'meeting', title: 'Board meeting', venueId: 'playhouse', start: '2021-01-12T18:00', end: '2021-01-12T19:00', rule: 'FREQ=MONTHLY;BYDAY=2TU', blocksVenue: false },
  });
}

function groundTruth(fromUtc: number, toUtc: number): string[] {
  const out: string[] = [];
  for (const p of t.app.services.calendar.productions()) {
    for (const e of t.app.services.calendar.production(p.id).events as CalendarEvent[]) {
      for (const o of expandEvent(p.id, e, fromUtc, toUtc)) out.push(`${o.productionId}/${o.eventId}/${o.start}`);
    }
  }
  return out.sort();
}

describe('occurrence projection', () => {
  it('answers every month of ten years (five past, five ahead) exactly, inside and outside the materialized window', async () => {
    await seedTenYears();
    const w = t.app.services.calendar.window();
    expect(w.fromUtc).toBe(t.clock.now() - WINDOW_PAST_DAYS * DAY);
    expect(w.toUtc).toBe(t.clock.now() + WINDOW_AHEAD_DAYS * DAY);
    let total = 0;
    for (let y = 2021; y <= 2031; y++) {
      for (let m = 1; m <= 12; m++) {
        const from = `${y}-${String(m).padStart(2, '0')}-01`;
        const to = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
        const got = (await t.call<Array<{ productionId: string; eventId: string; start: string; startUtc: number }>>('calendar.events', { from, to })).map(
          (o) => `${o.productionId}/${o.eventId}/${o.start}`,
        );
        const occ = await t.call<Array<{ startUtc: number }>>('calendar.events', { from, to });
        expect(occ.every((o, i) => i === 0 || occ[i - 1]!.startUtc <= o.startUtc)).toBe(true);
        const truth = groundTruth(localToUtc(`${from}T00:00`, 'America/Los_Angeles'), localToUtc(`${to}T00:00`, 'America/Los_Angeles'));
        expect([...got].sort()).toEqual(truth);
        total += got.length;
      }
    }
    // 22 productions × 24 occurrences, plus a monthly meeting over 11 years.
    expect(total).toBe(22 * 24 + 11 * 12);
    // The unbounded meeting is materialized only inside the window, not to the end of time.
    const meetingRows = t.app.store.db.prepare("SELECT count(*) AS n FROM calendar_occurrences WHERE title = 'Board meeting'").get() as { n: number };
    expect(meetingRows.n).toBeGreaterThan(30);
    expect(meetingRows.n).toBeLessThan(45);
    const far = await t.call<unknown[]>('calendar.events', { from: '2060-01-01', to: '2060-02-01' });
    expect(far).toHaveLength(1);
  });

  it('rebuilds (reindex) to the same rows as incremental updates, also after the window moves with the clock', async () => {
    await seedTenYears();
    const { event } = await t.call<{ event: CalendarEvent }>('calendar.createEvent', {
      productionId: 'woods-2026',
      event: { type: 'rehearsal', title: 'Music', venueId: 'playhouse', spaceId: 'studio', start: '2026-03-03T19:00', end: '2026-03-03T21:00', rule: 'FREQ=WEEKLY;BYDAY=TU', people: ['p1-dev'] },
    });
    await t.call('calendar.updateEvent', { productionId: 'woods-2026', eventId: event.id, scope: 'this', occurrence: '2026-03-10T19:00', patch: { people: ['p1-grace'] } });
    const incremental = snapshot();
    t.app.store.reindex();
    expect(snapshot()).toEqual(incremental);

    t.clock.advance(500 * DAY);
    const before = t.app.services.calendar.window();
    await t.call('calendar.events', { from: '2027-07-01', to: '2027-08-01' });
    const after = t.app.services.calendar.window();
    expect(after.toUtc).toBeGreaterThan(before.toUtc);
    expect(after.fromUtc).toBe(before.fromUtc);
    const extended = snapshot();
    t.app.store.reindex();
    expect(snapshot()).toEqual(extended);
    // The changed occurrence calls Grace instead of Dev.
    const grace = await t.call<Array<{ start: string }>>('calendar.events', { from: '2026-03-01', to: '2026-04-01', personId: 'p1-grace' });
    expect(grace.map((o) => o.start)).toEqual(['2026-03-10T19:00']);
  });
});
