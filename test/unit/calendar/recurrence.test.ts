import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RRule, Weekday as RWeekday } from 'rrule';
import { expandRule, formatRule, parseRule, ruleMatchesStart, validateRule, WEEKDAYS, type RecurrenceRule } from '../../../core/calendar/recurrence.ts';
import { DAY, formatLocal, parseLocal } from '../../../core/calendar/time.ts';

/** The rule's first occurrence within two years of `base` (rrule's `after` would search to year 9999). */
function firstFrom(rule: RecurrenceRule, base: number): Date | undefined {
  return toRRule(rule, base).between(new Date(base), new Date(base + 731 * 86_400_000), true, (_d, i) => i < 1)[0];
}

const FREQ = { DAILY: RRule.DAILY, WEEKLY: RRule.WEEKLY, MONTHLY: RRule.MONTHLY } as const;

function toRRule(rule: RecurrenceRule, start: number): RRule {
  return new RRule({
    freq: FREQ[rule.freq],
    interval: rule.interval,
    dtstart: new Date(start),
    wkst: rule.wkst ? WEEKDAYS.indexOf(rule.wkst) : 0,
    ...(rule.byDay ? { byweekday: rule.byDay.map((b) => new RWeekday(WEEKDAYS.indexOf(b.day), b.nth)) } : {}),
    ...(rule.byMonthDay ? { bymonthday: rule.byMonthDay } : {}),
    ...(rule.count !== undefined ? { count: rule.count } : {}),
    ...(rule.until !== undefined ? { until: new Date(parseLocal(rule.until)!) } : {}),
  });
}

const weekday = fc.constantFrom(...WEEKDAYS);
const ruleArb: fc.Arbitrary<RecurrenceRule> = fc
  .record({
    freq: fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY') as fc.Arbitrary<RecurrenceRule['freq']>,
    interval: fc.integer({ min: 1, max: 4 }),
    days: fc.uniqueArray(weekday, { minLength: 0, maxLength: 3 }),
    nth: fc.option(fc.constantFrom(1, 2, 3, 4, -1, -2), { nil: undefined }),
    monthDays: fc.uniqueArray(fc.constantFrom(1, 5, 13, 15, 28, 29, 30, 31, -1, -7), { minLength: 0, maxLength: 2 }),
    end: fc.oneof(fc.constant('none' as const), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 10, max: 600 }).map((d) => ({ days: d }))),
    wkst: fc.option(fc.constantFrom('MO', 'SU') as fc.Arbitrary<'MO' | 'SU'>, { nil: undefined }),
  })
  .map((r) => {
    const rule: RecurrenceRule = { freq: r.freq, interval: r.interval };
    if (r.days.length) rule.byDay = r.days.map((day) => (r.freq === 'MONTHLY' && r.nth !== undefined ? { day, nth: r.nth } : { day }));
    if (r.monthDays.length && r.freq !== 'WEEKLY' && !rule.byDay) rule.byMonthDay = r.monthDays;
    if (typeof r.end === 'number') rule.count = r.end;
    if (r.wkst) rule.wkst = r.wkst;
    return { rule, untilDays: typeof r.end === 'object' ? r.end.days : undefined };
  })
  .map(({ rule, untilDays }) => ({ ...rule, ...(untilDays !== undefined ? { until: `@${untilDays}` } : {}) }));

const baseArb = fc.integer({ min: Date.UTC(2015, 0, 1) / DAY, max: Date.UTC(2035, 0, 1) / DAY }).chain((day) =>
  fc.constantFrom(9 * 60, 18 * 60 + 30, 19 * 60).map((min) => day * DAY + min * 60000),
);

describe('recurrence expansion agrees with the rrule package', () => {
  it('on random rules (daily/weekly/monthly, INTERVAL, BYDAY with positions, BYMONTHDAY, COUNT, UNTIL, WKST)', () => {
    let compared = 0;
    fc.assert(
      fc.property(ruleArb, baseArb, (rawRule, base) => {
        const rule = { ...rawRule };
        // Start at the rule's first occurrence on or after `base` (DTSTART must match the rule).
        const probe = firstFrom({ ...rule, until: undefined, count: undefined }, base);
        if (!probe) return;
        const start = probe.getTime();
        if (rule.until !== undefined) rule.until = formatLocal(start + Number(rule.until.slice(1)) * DAY);
        validateRule(rule);
        expect(ruleMatchesStart(rule, start)).toBe(true);
        const to = start + 3 * 366 * DAY;
        const ours = expandRule(rule, start, start, to);
        const theirs = toRRule(rule, start)
          .between(new Date(start), new Date(to), true)
          .map((d) => d.getTime())
          .filter((t) => t < to);
        expect(ours.map(formatLocal)).toEqual(theirs.map(formatLocal));
        compared += ours.length;
      }),
      { numRuns: 400 },
    );
    expect(compared).toBeGreaterThan(1000);
  });

  it('windows of an unbounded rule equal the slice of the full expansion', () => {
    fc.assert(
      fc.property(ruleArb, baseArb, fc.integer({ min: 0, max: 900 }), fc.integer({ min: 1, max: 120 }), (rawRule, base, offset, width) => {
        const rule: RecurrenceRule = { ...rawRule, until: undefined, count: undefined };
        delete rule.until;
        delete rule.count;
        const probe = firstFrom(rule, base);
        if (!probe) return;
        const start = probe.getTime();
        const from = start + offset * DAY;
        const to = from + width * DAY;
        const all = expandRule(rule, start, start, to).filter((t) => t >= from);
        expect(expandRule(rule, start, from, to)).toEqual(all);
      }),
      { numRuns: 300 },
    );
  });
});

describe('rule text', () => {
  it('round-trips RRULE values', () => {
    const rule = parseRule('FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU,-1FR;COUNT=10');
    expect(rule).toEqual({ freq: 'MONTHLY', interval: 2, byDay: [{ day: 'TU', nth: 2 }, { day: 'FR', nth: -1 }], count: 10 });
    expect(formatRule(rule)).toBe('FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=2TU,-1FR');
    expect(parseRule('FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20261031').until).toBe('2026-10-31T23:59');
  });

  it.each([
    ['FREQ=YEARLY', 'freq'],
    ['FREQ=WEEKLY;INTERVAL=0', 'interval'],
    ['FREQ=WEEKLY;BYDAY=XX', 'byDay'],
    ['FREQ=WEEKLY;BYDAY=2MO', 'byDay'],
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'byMonthDay'],
    ['FREQ=DAILY;COUNT=5;UNTIL=20260101', 'count'],
    ['FREQ=DAILY;BYHOUR=9', 'rule'],
    ['INTERVAL=2', 'freq'],
    ['FREQ=DAILY;UNTIL=20260231', 'until'],
  ])('refuses %s naming %s', (text, field) => {
    expect(() => parseRule(text)).toThrow(expect.objectContaining({ field }));
  });

  it('intersects BYDAY and BYMONTHDAY like rrule (Friday the 13th)', () => {
    const start = parseLocal('2026-02-13T20:00')!;
    const rule: RecurrenceRule = { freq: 'MONTHLY', interval: 1, byDay: [{ day: 'FR' }], byMonthDay: [13], count: 6 };
    const ours = expandRule(rule, start, start, start + 20 * 366 * DAY).map(formatLocal);
    const theirs = toRRule(rule, start).all().map((d) => formatLocal(d.getTime()));
    expect(ours).toEqual(theirs);
    expect(ours[1]).toBe('2026-03-13T20:00');
  });

  it('expands the fifth Friday only in months that have one', () => {
    const start = parseLocal('2026-01-30T19:00')!;
    const got = expandRule({ freq: 'MONTHLY', interval: 1, byDay: [{ day: 'FR', nth: 5 }] }, start, start, parseLocal('2026-12-31T00:00')!);
    expect(got.map(formatLocal)).toEqual(['2026-01-30T19:00', '2026-05-29T19:00', '2026-07-31T19:00', '2026-10-30T19:00']);
  });
});
