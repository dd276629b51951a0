import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../../core/daemon/cli.ts';
import { calendarApp } from './helpers.ts';

let dir: string;
let root: string;

async function cli(args: string[]): Promise<{ status: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env: { CALLBOARD_DATA: dir }, untilStopped: () => Promise.resolve('test') };
  const status = await main(args, io);
  return { status, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  const t = await calendarApp();
  await t.call('calendar.createEvent', {
    productionId: 'woods-2026',
    event: { type: 'rehearsal', title: 'Music', venueId: 'playhouse', spaceId: 'studio', start: '2026-03-03T19:00', end: '2026-03-03T21:00', rule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=6', people: ['p1-dev'] },
  });
  dir = t.app.store.dir;
  root = path.dirname(dir);
  t.app.close();
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('callboard calendar', () => {
  it('exports a production as iCalendar to a file and as CSV/JSON to stdout', async () => {
    const out = path.join(root, 'woods.ics');
    const r = await cli(['calendar', 'export', '--format', 'ical', '--production', 'woods-2026', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.err).toContain(`wrote 1 events to ${out}`);
    const comp = new ICAL.Component(ICAL.parse(fs.readFileSync(out, 'utf8')));
    expect(comp.getFirstSubcomponent('vevent')!.getFirstPropertyValue('rrule')!.toString()).toBe('FREQ=WEEKLY;COUNT=6;BYDAY=TU');
    const csv = await cli(['calendar', 'export', '--format', 'csv', '--person', 'p1-dev', '--from', '2026-03-01', '--to', '2026-05-01']);
    expect(csv.status).toBe(0);
    expect(csv.out.split('\n')).toHaveLength(7);
    const json = await cli(['calendar', 'export', '--format', 'json', '--venue', 'playhouse', '--from', '2026-03-01', '--to', '2026-05-01']);
    expect((JSON.parse(json.out) as { occurrences: unknown[] }).occurrences).toHaveLength(6);
  });

  it('previews an import, then imports when confirmed', async () => {
    const file = path.join(root, 'in.ics');
    fs.writeFileSync(
      file,
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:x1', 'DTSTART;TZID=America/Los_Angeles:20260601T100000', 'DTEND;TZID=America/Los_Angeles:20260601T120000', 'SUMMARY:Strike', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'),
    );
    const preview = await cli(['calendar', 'import', file, '--production', 'woods-2026']);
    expect(preview.status).toBe(0);
    expect(preview.out).toContain('new: 2026-06-01 10:00 America/Los_Angeles  Strike');
    expect(preview.out).toContain('Preview (nothing written): 1 events to import');
    const done = await cli(['calendar', 'import', file, '--production', 'woods-2026', '--confirm']);
    expect(done.out).toContain('Imported 1 events');
    const again = await cli(['calendar', 'import', file, '--production', 'woods-2026', '--confirm']);
    expect(again.status).not.toBe(0);
    expect(again.err).toMatch(/^error: invalid: ics: line 3: "Strike" \(UID x1\) is already in this schedule/);
  });

  it('fails clearly without exactly one selection', async () => {
    const r = await cli(['calendar', 'export', '--format', 'ical']);
    expect(r.status).toBe(2);
    expect(r.err).toContain('error: invalid: Choose one of --production ID');
    const bad = await cli(['calendar', 'export', '--format', 'xml', '--all']);
    expect(bad.status).toBe(2);
    expect(bad.err).toContain('format');
  });
});
