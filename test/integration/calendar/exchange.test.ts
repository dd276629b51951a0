import ICAL from 'ical.js';
import nodeIcal from 'node-ical';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../../core/calendar/model.ts';
import { expandEvent } from '../../../core/calendar/occurrences.ts';
import { startServer } from '../../../core/daemon/server.ts';
import { CallboardError } from '../../../core/errors.ts';
import { DAY } from '../../../core/calendar/time.ts';
import { calendarApp, type CalendarTestApp } from './helpers.ts';

let t: CalendarTestApp;
beforeEach(async () => {
  t = await calendarApp('2026-03-01T18:00:00Z');
});
afterEach(() => t.cleanup());

const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2027, 6, 1);

interface Export {
  content: string;
  contentType: string;
  events: number;
  occurrences?: number;
}

/** A schedule exercising everything iCalendar must carry. */
async function seed(): Promise<Record<string, CalendarEvent>> {
  await t.call('venues.create', { id: 'london', name: 'Old Vic Studio', timeZone: 'Europe/London', spaces: [{ id: 'stage', name: 'Stage' }] });
  const mk = async (event: Record<string, unknown>) => (await t.call<{ event: CalendarEvent }>('calendar.createEvent', { productionId: 'woods-2026', event, acceptConflicts: 'test data' })).event;
  const blocking = await mk({
    type: 'rehearsal',
    title: 'Blocking; Act 1, scenes 1–3',
    venueId: 'playhouse',
    spaceId: 'studio',
    start: '2026-03-02T19:00',
    end: '2026-03-02T22:00',
    rule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=16',
    people: ['p1-priya', 'p1-dev'],
    notes: 'Bring pencils, scripts; water.\nSecond line: «Ça va» – 日本語 text 🎭',
  });
  await t.call('calendar.updateEvent', { productionId: 'woods-2026', eventId: blocking.id, scope: 'this', occurrence: '2026-03-11T19:00', patch: { start: '2026-03-12T18:00', title: 'Blocking (moved)' } });
  await t.call('calendar.deleteEvent', { productionId: 'woods-2026', eventId: blocking.id, scope: 'this', occurrence: '2026-03-16T19:00' });
  const board = await mk({ type: 'meeting', title: 'Board meeting', venueId: 'playhouse', start: '2026-01-13T18:00', end: '2026-01-13T19:30', rule: 'FREQ=MONTHLY;BYDAY=2TU', blocksVenue: false });
  const tour = await mk({ type: 'performance', title: 'Guest performance in London', venueId: 'london', spaceId: 'stage', start: '2026-10-24T19:30', end: '2026-10-24T22:00', rule: 'FREQ=DAILY;COUNT=3', public: true });
  const opening = await mk({
    type: 'performance',
    title: 'Opening night — Into the Woods, with a very long title that must be folded across several lines of the file',
    venueId: 'playhouse',
    spaceId: 'main',
    start: '2026-11-06T19:30',
    end: '2026-11-06T22:15',
    public: true,
  });
  const fortnightly = await mk({ type: 'tech', title: 'Tech', venueId: 'playhouse', spaceId: 'main', start: '2026-10-04T10:00', end: '2026-10-04T16:00', rule: { freq: 'WEEKLY', interval: 2, byDay: [{ day: 'SU' }], until: '2026-11-30T00:00' } });
  return { blocking: t.app.services.calendar.event('woods-2026', blocking.id), board, tour, opening, fortnightly };
}

function ours(events: Record<string, CalendarEvent>): string[] {
  return Object.values(events)
    .flatMap((e) => expandEvent('woods-2026', e, FROM, TO))
    .map((o) => `${o.eventId}.woods-2026@callboard ${new Date(o.startUtc).toISOString()} ${new Date(o.endUtc).toISOString()} ${o.title}`)
    .sort();
}

function viaIcalJs(text: string): string[] {
  const comp = new ICAL.Component(ICAL.parse(text));
  for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const events = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const masters = new Map(events.filter((e) => !e.isRecurrenceException()).map((e) => [e.uid, e]));
  for (const e of events) if (e.isRecurrenceException()) masters.get(e.uid)!.relateException(e);
  const out: string[] = [];
  for (const e of masters.values()) {
    if (!e.isRecurring()) {
      const s = e.startDate.toJSDate().getTime();
      if (s < TO && e.endDate.toJSDate().getTime() > FROM) out.push(`${e.uid} ${new Date(s).toISOString()} ${e.endDate.toJSDate().toISOString()} ${e.summary}`);
      continue;
    }
    const it = e.iterator();
    for (let next = it.next(); next; next = it.next()) {
      if (next.toJSDate().getTime() >= TO) break;
      const d = e.getOccurrenceDetails(next);
      const s = d.startDate.toJSDate().getTime();
      const en = d.endDate.toJSDate().getTime();
      if (s < TO && en > FROM) out.push(`${e.uid} ${new Date(s).toISOString()} ${new Date(en).toISOString()} ${d.item.summary}`);
    }
  }
  return out.sort();
}

function viaNodeIcal(text: string): string[] {
  const data = nodeIcal.sync.parseICS(text);
  const out: string[] = [];
  for (const v of Object.values(data)) {
    if (!v || v.type !== 'VEVENT') continue;
    for (const inst of nodeIcal.expandRecurringEvent(v, { from: new Date(FROM), to: new Date(TO) })) {
      const s = new Date(inst.start).getTime();
      const e = new Date(inst.end).getTime();
      const summary = typeof inst.summary === 'string' ? inst.summary : (inst.summary as { val: string }).val;
      if (s < TO && e > FROM) out.push(`${v.uid} ${new Date(s).toISOString()} ${new Date(e).toISOString()} ${summary}`);
    }
  }
  return out.sort();
}

describe('iCalendar export', () => {
  it('is read identically by ical.js and node-ical, and both agree with our occurrences (DST in two zones, EXDATE, RECURRENCE-ID)', async () => {
    const events = await seed();
    const ics = await t.call<Export>('calendar.export', { format: 'ical', kind: 'production', id: 'woods-2026' });
    expect(ics.contentType).toBe('text/calendar; charset=utf-8');
    const expected = ours(events);
    expect(expected.length).toBeGreaterThan(30);
    expect(expected.some((x) => x.includes('Blocking (moved)') && x.includes('2026-03-13T01:00:00.000Z'))).toBe(true);
    // London performances in BST, then GMT after 25 October.
    expect(expected.filter((x) => x.includes('London')).map((x) => x.split(' ')[1])).toEqual(['2026-10-24T18:30:00.000Z', '2026-10-25T19:30:00.000Z', '2026-10-26T19:30:00.000Z']);
    expect(viaIcalJs(ics.content)).toEqual(expected);
    expect(viaNodeIcal(ics.content)).toEqual(expected);
  });

  it('folds at 75 octets without splitting UTF-8, escapes TEXT, carries VTIMEZONE, RRULE, EXDATE, RECURRENCE-ID and stable UIDs', async () => {
    const events = await seed();
    const { content } = await t.call<Export>('calendar.export', { format: 'ical', kind: 'production', id: 'woods-2026' });
    expect(content.endsWith('\r\n')).toBe(true);
    const physical = content.split('\r\n').slice(0, -1);
    for (const line of physical) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
      expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
    }
    const unfolded = content.replace(/\r\n /g, '');
    expect(unfolded).toContain('SUMMARY:Blocking\\; Act 1\\, scenes 1–3');
    expect(unfolded).toContain('DESCRIPTION:Bring pencils\\, scripts\\; water.\\nSecond line: «Ça va» – 日本語 text 🎭');
    expect(unfolded).toContain('BEGIN:VTIMEZONE\r\nTZID:America/Los_Angeles');
    expect(unfolded).toContain('TZID:Europe/London');
    expect(unfolded).toMatch(/RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU/);
    expect(unfolded).toContain(`UID:${events.blocking!.id}.woods-2026@callboard`);
    expect(unfolded).toContain('RRULE:FREQ=WEEKLY;COUNT=16;BYDAY=MO,WE');
    expect(unfolded).toContain('EXDATE;TZID=America/Los_Angeles:20260316T190000');
    expect(unfolded).toContain('RECURRENCE-ID;TZID=America/Los_Angeles:20260311T190000');
    expect(unfolded).toMatch(/RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=20261130T080000Z;BYDAY=SU/);
    // A folded multi-byte line was split between characters: unfolding restores it exactly.
    expect(physical.some((l) => l.startsWith(' ') && /[^\x00-\x7F]/.test(l))).toBe(true);
  });

  it('bumps SEQUENCE on every change and keeps the UID', async () => {
    const events = await seed();
    const seq = async () => {
      const { content } = await t.call<Export>('calendar.export', { format: 'ical', kind: 'production', id: 'woods-2026' });
      const block = content.replace(/\r\n /g, '').split('BEGIN:VEVENT').find((b) => b.includes(`UID:${events.opening!.id}.`))!;
      return Number(/SEQUENCE:(\d+)/.exec(block)![1]);
    };
    expect(await seq()).toBe(0);
    await t.call('calendar.updateEvent', { productionId: 'woods-2026', eventId: events.opening!.id, patch: { start: '2026-11-06T20:00', end: '2026-11-06T22:30' }, acceptConflicts: 'test' });
    expect(await seq()).toBe(1);
    await t.call('calendar.updateEvent', { productionId: 'woods-2026', eventId: events.opening!.id, patch: { title: 'Opening night' } });
    expect(await seq()).toBe(2);
  });

  it('public export holds only public events, without people or notes', async () => {
    await seed();
    const { content } = await t.call<Export>('calendar.export', { format: 'ical', kind: 'public' });
    const unfolded = content.replace(/\r\n /g, '');
    expect(unfolded.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(unfolded).not.toContain('ATTENDEE');
    expect(unfolded).not.toContain('DESCRIPTION');
  });

  it('exports CSV and JSON occurrences in a window', async () => {
    await seed();
    const csv = await t.call<Export>('calendar.export', { format: 'csv', kind: 'person', id: 'p1-dev', from: '2026-03-01', to: '2026-04-01' });
    const lines = csv.content.trim().split('\r\n');
    expect(lines[0]).toBe('production,title,type,start,end,timeZone,startUtc,endUtc,venue,space,people,public,notes,productionId,eventId,recurrenceId');
    expect(lines).toHaveLength(1 + 8);
    expect(lines[1]).toContain('Into the Woods,"Blocking; Act 1, scenes 1–3",rehearsal,2026-03-02T19:00,2026-03-02T22:00,America/Los_Angeles');
    const json = await t.call<Export>('calendar.export', { format: 'json', kind: 'venue', id: 'london' });
    const parsed = JSON.parse(json.content) as { occurrences: Array<{ start: string; venue: string }> };
    expect(parsed.occurrences.map((o) => o.start)).toEqual(['2026-10-24T19:30', '2026-10-25T19:30', '2026-10-26T19:30']);
    expect(parsed.occurrences[0]!.venue).toBe('Old Vic Studio');
    await expect(t.call('calendar.export', { format: 'csv', kind: 'all', from: '2000-01-01', to: '2030-01-01' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(t.call('calendar.export', { format: 'csv', kind: 'production' })).rejects.toMatchObject({ code: 'invalid' });
  });
});

describe('iCalendar import', () => {
  it('round-trips our own export into another production (same occurrences)', async () => {
    const events = await seed();
    const { content } = await t.call<Export>('calendar.export', { format: 'ical', kind: 'production', id: 'woods-2026' });
    await t.call('productions.create', { id: 'copy', title: 'Copy', season: '2026-27' });
    const preview = await t.call<{ events: CalendarEvent[]; issues: unknown[]; conflicts: unknown[] }>('calendar.importPreview', { productionId: 'copy', ics: content });
    expect(preview.issues).toEqual([]);
    expect(preview.events).toHaveLength(5);
    expect(preview.conflicts.length).toBeGreaterThan(0); // everything collides with the original
    expect(t.app.services.calendar.production('copy').events).toEqual([]);
    await t.call('calendar.import', { productionId: 'copy', ics: content, confirm: true });
    const copied = t.app.services.calendar.production('copy').events;
    const key = (list: CalendarEvent[], pid: string) =>
      list.flatMap((e) => expandEvent(pid, e, FROM, TO)).map((o) => `${new Date(o.startUtc).toISOString()} ${new Date(o.endUtc).toISOString()} ${o.title} ${o.venueId}/${o.spaceId} ${o.people.join(',')} ${o.type}`).sort();
    expect(key(copied, 'copy')).toEqual(key(Object.values(events), 'woods-2026'));
    const blocking = copied.find((e) => e.title.startsWith('Blocking'))!;
    expect(blocking.notes).toBe(events.blocking!.notes);
    // Importing the same file again adds nothing.
    const again = await t.call<{ events: unknown[]; issues: Array<{ message: string }> }>('calendar.importPreview', { productionId: 'copy', ics: content });
    expect(again.events).toEqual([]);
    expect(again.issues[0]!.message).toContain('already in this schedule');
  });

  it('reports bad lines by number and imports nothing until confirmed', async () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:good-1',
      'DTSTART;TZID=America/Los_Angeles:20260401T190000',
      'DTEND;TZID=America/Los_Angeles:20260401T220000',
      'SUMMARY:Music rehearsal',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:bad-1',
      'DTSTART;TZID=Mars/Base:20260402T190000',
      'DTEND;TZID=Mars/Base:20260402T220000',
      'SUMMARY:Bad zone',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:bad-2',
      'DTSTART:20260403T190000',
      'DTEND:20260403T180000',
      'SUMMARY:Ends early',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:bad-3',
      'DTSTART:20260406T190000',
      'DURATION:PT2H',
      'RRULE:FREQ=SECONDLY',
      'SUMMARY:Bad rule',
      'END:VEVENT',
      'this line is garbage',
      'END:VCALENDAR',
    ].join('\r\n');
    const preview = await t.call<{ events: CalendarEvent[]; issues: Array<{ line: number; message: string }> }>('calendar.importPreview', { productionId: 'woods-2026', ics });
    expect(preview.events.map((e) => e.title)).toEqual(['Music rehearsal']);
    expect(preview.issues.map((i) => i.line)).toEqual([11, 18, 25, 28]);
    expect(preview.issues[0]!.message).toContain('unknown time zone "Mars/Base"');
    expect(preview.issues[1]!.message).toContain('before or when it starts');
    expect(preview.issues[2]!.message).toContain('RRULE');
    await expect(t.call('calendar.import', { productionId: 'woods-2026', ics })).rejects.toMatchObject({ code: 'invalid' });
    const err = (await t.call('calendar.import', { productionId: 'woods-2026', ics, confirm: true }).catch((e: unknown) => e)) as CallboardError;
    expect(err.code).toBe('invalid');
    expect(err.message).toContain('line 11');
    expect(t.app.services.calendar.production('woods-2026').events).toEqual([]);
    const r = await t.call<{ imported: unknown[] }>('calendar.import', { productionId: 'woods-2026', ics, confirm: true, skipInvalid: true });
    expect(r.imported).toHaveLength(1);
    expect(t.app.services.calendar.production('woods-2026').events.map((e) => e.title)).toEqual(['Music rehearsal']);
  });
});

describe('feeds', () => {
  it('serves a production feed at a secret URL until revoked; secrets are stored hashed', async () => {
    await seed();
    const server = await startServer({ app: t.app, host: '127.0.0.1', port: 0, localSecret: 'x'.repeat(40), log: () => undefined });
    try {
      const feed = await t.call<{ id: string; secret: string; path: string }>('calendar.feeds.create', { kind: 'production', id: 'woods-2026', name: 'Into the Woods (Dev)' });
      expect(feed.path).toBe(`/feeds/${feed.secret}.ics`);
      const stored = JSON.stringify(t.app.store.db.prepare('SELECT * FROM calendar_feeds').all());
      expect(stored).not.toContain(feed.secret);
      const url = new URL(feed.path.slice(1), server.url).toString();
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/calendar');
      const body = await res.text();
      expect(viaIcalJs(body).length).toBeGreaterThan(30);
      expect((await t.call<Array<{ id: string; lastFetchedAt: number | null }>>('calendar.feeds.list', {}))[0]).toMatchObject({ id: feed.id, lastFetchedAt: t.clock.now() });
      expect((await fetch(new URL('feeds/cbf_wrong.ics', server.url))).status).toBe(404);
      await t.call('calendar.feeds.revoke', { id: feed.id });
      expect((await fetch(url)).status).toBe(404);
      t.clock.advance(DAY);
    } finally {
      await server.close();
    }
  });
});
