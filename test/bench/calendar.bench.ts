/**
 * Calendar benchmark on a 50-year dataset (25 years back, 25 ahead of the clock; 30
 * productions a year, each with its rehearsal series, tech, dress, preview, performances
 * and strike): month-window query p95, conflict check p95, one production's year exported,
 * and recurrence expansion against the `rrule` package in the same run.
 */
import fs from 'node:fs';
import path from 'node:path';
import rrulePkg from 'rrule';
import { openApp } from '../../core/api/app.ts';
import { initCompany } from '../../core/api/setup.ts';
import { occurrenceRecords, occurrencesOf, selectEvents, toCsv, toICalendar } from '../../core/calendar/export.ts';
import { toDoc, type CalendarEvent } from '../../core/calendar/model.ts';
import { expandEvent } from '../../core/calendar/occurrences.ts';
import { PRODUCTION_DOC_TYPE, productionDocId, productionScope, type ProductionDoc } from '../../core/calendar/production.ts';
import { queryOccurrences } from '../../core/calendar/queries.ts';
import { expandRule, type RecurrenceRule } from '../../core/calendar/recurrence.ts';
import { completeFields, type EventFields } from '../../core/calendar/schedule.ts';
import { DAY, formatDate, parseDate, parseLocal, localToUtc } from '../../core/calendar/time.ts';
import { TestClock } from '../../core/clock.ts';
import { tempDir } from '../fixtures/app.ts';
import { fmt, note, report, summarize } from './stats.ts';

const { RRule } = rrulePkg;
const YEARS = 50;
const PER_YEAR = 30;
const ZONE = 'America/Los_Angeles';
const NOW = '2026-03-01T18:00:00Z';

const root = tempDir('cb-bench-cal-');
const clock = new TestClock(NOW);
const app = await openApp({ dataDir: path.join(root, 'store'), clock });
initCompany(app.store, {
  company: { name: 'Bench Players', shortName: 'Bench', city: '', timeZone: ZONE, website: '', email: '' },
  admin: { name: 'Bench Admin', email: 'bench@example.org' },
});
const cal = app.services.calendar;

// Ten venues with two spaces each.
for (let v = 0; v < 10; v++) {
  cal.createVenue({ id: `venue-${v}`, name: `Venue ${v}`, timeZone: ZONE, spaces: [{ id: 'main', name: 'Main' }, { id: 'studio', name: 'Studio' }] });
}

let seq = 0;
function ev(fields: Partial<EventFields> & Pick<EventFields, 'title' | 'start' | 'end'>): CalendarEvent {
  const f = completeFields({ timeZone: ZONE, ...fields });
  return { id: `ev-${(seq++).toString(36)}`, ...f, overrides: {}, sequence: 0, createdAt: 0, updatedAt: 0, conflictOverrides: [] };
}
const day = (d: number) => formatDate(d);
const at = (d: number, from: string, to: string) => ({ start: `${day(d)}T${from}`, end: `${day(d)}T${to}` });

function scheduleFor(openingDay: number, venue: string, people: string[]): CalendarEvent[] {
  const o = openingDay; // a Friday
  const rule = (r: RecurrenceRule) => r;
  return [
    ev({ type: 'audition', title: 'Auditions', venueId: venue, spaceId: 'studio', ...at(o - 53, '18:30', '21:30'), people: people.slice(0, 2) }),
    ev({ type: 'rehearsal', title: 'Rehearsal', venueId: venue, spaceId: 'studio', ...at(o - 46, '19:00', '22:00'), rule: rule({ freq: 'WEEKLY', interval: 1, byDay: [{ day: 'MO' }, { day: 'WE' }, { day: 'TH' }], until: `${day(o - 9)}T23:59` }), exdates: [`${day(o - 39)}T19:00`], people }),
    ev({ type: 'rehearsal', title: 'Saturday', venueId: venue, spaceId: 'studio', ...at(o - 41, '10:00', '14:00'), rule: rule({ freq: 'WEEKLY', interval: 1, byDay: [{ day: 'SA' }], count: 4 }), people }),
    ev({ type: 'tech', title: 'Tech', venueId: venue, spaceId: 'main', ...at(o - 6, '10:00', '18:00'), rule: rule({ freq: 'DAILY', interval: 1, count: 2 }), people }),
    ev({ type: 'dress', title: 'Dress', venueId: venue, spaceId: 'main', ...at(o - 4, '18:30', '22:30'), rule: rule({ freq: 'DAILY', interval: 1, count: 2 }), people }),
    ev({ type: 'preview', title: 'Preview', venueId: venue, spaceId: 'main', ...at(o - 1, '19:30', '22:00'), public: true, people }),
    ev({ type: 'performance', title: 'Performance', venueId: venue, spaceId: 'main', ...at(o, '19:30', '22:00'), rule: rule({ freq: 'WEEKLY', interval: 1, byDay: [{ day: 'FR' }, { day: 'SA' }], until: `${day(o + 15)}T23:59` }), public: true, people }),
    ev({ type: 'performance', title: 'Matinee', venueId: venue, spaceId: 'main', ...at(o + 2, '14:00', '16:30'), rule: rule({ freq: 'WEEKLY', interval: 1, byDay: [{ day: 'SU' }], until: `${day(o + 16)}T23:59` }), public: true, people }),
    ev({ type: 'strike', title: 'Strike', venueId: venue, spaceId: 'main', ...at(o + 16, '17:00', '22:00'), people }),
  ];
}

// ---- dataset --------------------------------------------------------------------------------
const firstYear = 2026 - YEARS / 2;
const t0 = performance.now();
let productions = 0;
for (let y = firstYear; y < firstYear + YEARS; y++) {
  for (let i = 0; i < PER_YEAR; i++) {
    // Openings spread over the year, on Fridays.
    let o = parseDate(`${y}-01-15`)! + Math.floor((i * 350) / PER_YEAR);
    while (((o + 3) % 7 + 7) % 7 !== 4) o++;
    const id = `p${y}-${i}`;
    const venue = `venue-${i % 10}`;
    const people = Array.from({ length: 12 }, (_, k) => `person-${(i * 7 + k) % 400}`);
    const events = scheduleFor(o, venue, people);
    app.store.create<ProductionDoc>(productionDocId(id), PRODUCTION_DOC_TYPE, productionScope(id), (d) => {
      d.production = toDoc({ id, title: `Show ${y}/${i}`, season: String(y), status: 'closed', opening: day(o), closing: day(o + 16), description: '', createdAt: 0 }) as ProductionDoc['production'];
      d.events = Object.fromEntries(events.map((e) => [e.id, toDoc(e) as CalendarEvent]));
    });
    productions++;
  }
}
const seedMs = performance.now() - t0;
cal.ensureWindow();
const all = selectEvents(app.store.db, { kind: 'all' });
let occurrenceCount = 0;
for (const x of all) occurrenceCount += expandEvent(x.productionId, x.event, Date.UTC(firstYear - 1, 0, 1), Date.UTC(firstYear + YEARS + 1, 0, 1)).length;
const rows = (app.store.db.prepare('SELECT count(*) AS n FROM calendar_occurrences').get() as { n: number }).n;
note(`calendar.dataset: ${productions} productions, ${all.length} events, ${occurrenceCount} occurrences over ${YEARS} years; ${rows} occurrence rows materialized (window ${WINDOW_TEXT()}); seeded in ${(seedMs / 1000).toFixed(1)} s`);

function WINDOW_TEXT(): string {
  const w = cal.window();
  return `${new Date(w.fromUtc).toISOString().slice(0, 10)}..${new Date(w.toUtc).toISOString().slice(0, 10)}`;
}

// ---- month-window query ---------------------------------------------------------------------
function timeIt(n: number, fn: (i: number) => unknown): number[] {
  for (let i = 0; i < Math.min(50, n); i++) fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    fn(i);
    out.push(performance.now() - s);
  }
  return out;
}
const months = Array.from({ length: YEARS * 12 }, (_, k) => [firstYear + Math.floor(k / 12), (k % 12) + 1] as const);
const monthWindow = (y: number, m: number) => ({
  fromUtc: localToUtc(`${y}-${String(m).padStart(2, '0')}-01T00:00`, ZONE),
  toUtc: localToUtc(m === 12 ? `${y + 1}-01-01T00:00` : `${y}-${String(m + 1).padStart(2, '0')}-01T00:00`, ZONE),
});
// First touch of each year computes the zone's offsets through Intl (cached afterwards).
const coldStart = performance.now();
for (const [y, m] of months) cal.occurrences(monthWindow(y, m));
report({ name: 'calendar.month_query.first_pass', value: (performance.now() - coldStart) / months.length, unit: 'ms', workload: `mean of ${months.length} months, zone offsets computed on first use` });
let found = 0;
const monthAll = summarize(timeIt(months.length, (i) => (found += cal.occurrences(monthWindow(...months[i]!)).length)));
report({
  name: 'calendar.month_query.p95',
  value: monthAll.p95,
  unit: 'ms',
  detail: `p50 ${fmt(monthAll.p50)}`,
  workload: `every month of ${YEARS} years (${productions} productions, ${all.length} events), ~${Math.round(found / months.length / 1.05)} occurrences a month`,
  target: { lt: 5 },
  requirement: 'calendar-5-years',
});
const w = cal.window();
const inside = months.filter(([y, m]) => monthWindow(y, m).fromUtc >= w.fromUtc && monthWindow(y, m).toUtc <= w.toUtc);
const outside = months.filter(([y, m]) => monthWindow(y, m).toUtc < w.fromUtc || monthWindow(y, m).fromUtc > w.toUtc);
const qIn = summarize(timeIt(inside.length * 5, (i) => queryOccurrences(app.store.db, monthWindow(...inside[i % inside.length]!))));
const qOut = summarize(timeIt(outside.length, (i) => queryOccurrences(app.store.db, monthWindow(...outside[i]!))));
report({ name: 'calendar.month_query.materialized_p95', value: qIn.p95, unit: 'ms', workload: `${inside.length} months inside the materialized window` });
report({ name: 'calendar.month_query.lazy_p95', value: qOut.p95, unit: 'ms', workload: `${outside.length} months outside the window, expanded lazily` });

// ---- conflict check -----------------------------------------------------------------------------
const conflictSamples = timeIt(400, (i) => {
  const [y, m] = months[(i * 37) % months.length]!;
  const d = parseDate(`${y}-${String(m).padStart(2, '0')}-10`)!;
  const e = ev({ type: 'rehearsal', title: 'New', venueId: `venue-${i % 10}`, spaceId: 'studio', start: `${day(d)}T19:00`, end: `${day(d)}T22:00`, people: [`person-${i % 400}`, `person-${(i * 3) % 400}`] });
  return cal.conflictsOf(`p${y}-0`, [e]);
});
const cs = summarize(conflictSamples);
const seriesSamples = summarize(
  timeIt(100, (i) => {
    const [y, m] = months[(i * 53) % months.length]!;
    let d = parseDate(`${y}-${String(m).padStart(2, '0')}-01`)!;
    while (((d + 3) % 7 + 7) % 7 !== 1) d++;
    const e = ev({ type: 'rehearsal', title: 'New series', venueId: `venue-${i % 10}`, spaceId: 'studio', start: `${day(d)}T19:00`, end: `${day(d)}T22:00`, rule: { freq: 'WEEKLY', interval: 1, byDay: [{ day: 'TU' }], count: 12 }, people: [`person-${i % 400}`] });
    return cal.conflictsOf(`p${y}-0`, [e]);
  }),
);
report({
  name: 'calendar.conflict_check.p95',
  value: cs.p95,
  unit: 'ms',
  detail: `p50 ${fmt(cs.p50)}; weekly series of 12: p95 ${fmt(seriesSamples.p95)}`,
  workload: `one new event, venue + 2 people, anywhere in ${YEARS} years`,
  target: { lt: 10 },
  requirement: 'calendar-5-years',
});

// ---- export one production's year ------------------------------------------------------------------
const ectx = { now: clock.now(), venue: (id: string) => cal.venueOf(id), personName: (id: string) => id, publicOnly: false, calendarName: 'bench' };
const exportSamples = summarize(
  timeIt(200, (i) => {
    const id = `p${firstYear + (i % YEARS)}-${i % PER_YEAR}`;
    const events = selectEvents(app.store.db, { kind: 'production', id });
    const ics = toICalendar(events, ectx);
    const y = firstYear + (i % YEARS);
    const csv = toCsv(occurrenceRecords(occurrencesOf(events, Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1), false), ectx));
    return ics.length + csv.length;
  }),
);
report({
  name: 'calendar.export_production_year.p95',
  value: exportSamples.p95,
  unit: 'ms',
  detail: `p50 ${fmt(exportSamples.p50)}`,
  workload: `iCalendar with VTIMEZONE + CSV of one production's year, ~${Math.round(occurrenceCount / productions)} occurrences`,
  target: { lt: 100 },
  requirement: 'calendar-5-years',
});

// ---- recurrence expansion vs rrule ----------------------------------------------------------------
const N = 10_000;
const start = parseLocal('2026-01-05T19:00')!;
const rule: RecurrenceRule = { freq: 'WEEKLY', interval: 1, byDay: [{ day: 'MO' }, { day: 'WE' }, { day: 'FR' }] };
const horizon = start + Math.ceil(N / 3) * 7 * DAY + DAY;
const oursN = expandRule(rule, start, start, horizon, N);
const rr = new RRule({ freq: RRule.WEEKLY, byweekday: [RRule.MO, RRule.WE, RRule.FR], dtstart: new Date(start), count: N });
const theirs = rr.all();
if (oursN.length !== N || theirs.length !== N || oursN.some((t, i) => t !== theirs[i]!.getTime())) throw new Error('expansions differ');
const reps = 30;
const oursT = summarize(timeIt(reps, () => expandRule(rule, start, start, horizon, N)));
const zoned: CalendarEvent = ev({ title: 'x', start: '2026-01-05T19:00', end: '2026-01-05T22:00', rule });
const zonedT = summarize(timeIt(reps, () => expandEvent('p', zoned, Date.UTC(2026, 0, 1), localToUtc('2089-12-31T00:00', ZONE)).slice(0, N)));
const rruleT = summarize(timeIt(reps, () => new RRule({ freq: RRule.WEEKLY, byweekday: [RRule.MO, RRule.WE, RRule.FR], dtstart: new Date(start), count: N }).all()));
report({
  name: 'calendar.expand_10k.median',
  value: oursT.p50,
  unit: 'ms',
  detail: `with zone conversion and exceptions (expandEvent): ${fmt(zonedT.p50)}`,
  workload: `${N} occurrences of a weekly MO/WE/FR rule, median of ${reps}`,
  peer: { name: 'rrule 2.8', value: rruleT.p50 },
});
report({
  name: 'calendar.expand_10k.speedup_vs_rrule',
  value: rruleT.p50 / oursT.p50,
  unit: 'x',
  detail: `expandEvent: ${(rruleT.p50 / zonedT.p50).toFixed(1)}x`,
  workload: `rrule median / ours median, ${N} occurrences`,
  target: { gte: 1 },
});

app.close();
fs.rmSync(root, { recursive: true, force: true });
process.exit(0);
