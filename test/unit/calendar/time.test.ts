import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { civilFromDays, daysFromCivil, formatLocal, isValidTimeZone, localToUtc, parseLocal, utcToLocal, weekday, zone } from '../../../core/calendar/time.ts';

describe('civil dates', () => {
  it('round-trips day numbers and agrees with Date', () => {
    fc.assert(
      fc.property(fc.integer({ min: -40000, max: 80000 }), (n) => {
        const [y, m, d] = civilFromDays(n);
        expect(daysFromCivil(y, m, d)).toBe(n);
        const date = new Date(n * 86_400_000);
        expect([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]).toEqual([y, m, d]);
        expect(weekday(n)).toBe((date.getUTCDay() + 6) % 7);
      }),
    );
  });

  it('parses only real wall times', () => {
    expect(parseLocal('2026-02-29T10:00')).toBeUndefined();
    expect(parseLocal('2028-02-29T10:00')).toBeDefined();
    expect(parseLocal('2026-01-01T24:00')).toBeUndefined();
    expect(parseLocal('2026-1-01T10:00')).toBeUndefined();
    expect(formatLocal(parseLocal('2026-09-14T19:30')!)).toBe('2026-09-14T19:30');
  });

  it('knows IANA zones and refuses others', () => {
    expect(isValidTimeZone('America/Los_Angeles')).toBe(true);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('zone offsets agree with Intl', () => {
  for (const name of ['America/Los_Angeles', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata', 'UTC']) {
    it(`matches Intl in ${name}`, () => {
      const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: name, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(1990, 0, 1) / 60000, max: Date.UTC(2060, 0, 1) / 60000 }), (minute) => {
          const utc = minute * 60000;
          const p = Object.fromEntries(fmt.formatToParts(utc).map((x) => [x.type, x.value]));
          expect(utcToLocal(utc, name)).toBe(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('round-trips local → UTC → local except in the spring-forward gap', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1) / 60000, max: Date.UTC(2040, 0, 1) / 60000 }), (minute) => {
        const utc = minute * 60000;
        const local = utcToLocal(utc, 'Europe/Berlin');
        const back = localToUtc(local, 'Europe/Berlin');
        // Ambiguous local times resolve to the first instant.
        expect(back === utc || back === utc - 3_600_000).toBe(true);
        expect(utcToLocal(back, 'Europe/Berlin')).toBe(local);
      }),
      { numRuns: 500 },
    );
  });
});

describe('daylight-saving transitions', () => {
  it('Los Angeles: the gap moves forward, the repeated hour takes its first instant', () => {
    // 2026-03-08 02:30 does not exist in Los Angeles: read with the offset before the gap (−8h).
    expect(new Date(localToUtc('2026-03-08T02:30', 'America/Los_Angeles')).toISOString()).toBe('2026-03-08T10:30:00.000Z');
    expect(utcToLocal(localToUtc('2026-03-08T02:30', 'America/Los_Angeles'), 'America/Los_Angeles')).toBe('2026-03-08T03:30');
    // 2026-11-01 01:30 happens twice: the first is PDT (−7h).
    expect(new Date(localToUtc('2026-11-01T01:30', 'America/Los_Angeles')).toISOString()).toBe('2026-11-01T08:30:00.000Z');
  });

  it('Berlin: the same evening time before and after the change differs by one hour in UTC', () => {
    const before = localToUtc('2026-03-28T19:00', 'Europe/Berlin');
    const after = localToUtc('2026-03-29T19:00', 'Europe/Berlin');
    expect(after - before).toBe(23 * 3_600_000);
  });

  it('lists the transitions of a year', () => {
    const t = zone('America/Los_Angeles').transitions(Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));
    expect(t.map((x) => new Date(x.at).toISOString())).toEqual(['2026-03-08T10:00:00.000Z', '2026-11-01T09:00:00.000Z']);
    expect(t[0]!.to - t[0]!.from).toBe(3_600_000);
  });
});
