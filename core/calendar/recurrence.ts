/**
 * RFC 5545 recurrence rules, the subset a theater schedule uses: FREQ=DAILY|WEEKLY|MONTHLY,
 * INTERVAL, BYDAY (with positions such as 2TU or -1FR in monthly rules), BYMONTHDAY
 * (negative counts from the month's end), COUNT, UNTIL and WKST.
 *
 * Expansion happens in local wall time (day numbers and minutes, see time.ts) so a 7 pm
 * rehearsal stays at 7 pm across daylight-saving changes; each occurrence is converted to
 * UTC afterwards. Unbounded rules are only ever expanded within a window. Why our own
 * expander rather than the `rrule` package: docs/decisions/0002-calendar-recurrence-and-occurrences.md.
 */
import { DAY, MINUTE, daysFromCivil, daysInMonth, civilFromDays, weekday, parseLocal, formatLocal } from './time.ts';

export const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface ByDay {
  day: Weekday;
  /** 1..5 or -1..-5 in monthly rules ("2nd Tuesday", "last Friday"); absent = every such day. */
  nth?: number;
}

export interface RecurrenceRule {
  freq: Frequency;
  interval: number;
  byDay?: ByDay[];
  byMonthDay?: number[];
  count?: number;
  /** Last possible start, local wall time `YYYY-MM-DDTHH:mm` (inclusive). */
  until?: string;
  wkst?: Weekday;
}

export const MAX_COUNT = 1000;

export class RuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Checks a rule's shape and values; throws RuleError naming the part. */
export function validateRule(rule: RecurrenceRule): void {
  if (!FREQUENCIES.includes(rule.freq)) throw new RuleError('freq', `FREQ must be one of ${FREQUENCIES.join(', ')}`);
  if (!Number.isInteger(rule.interval) || rule.interval < 1 || rule.interval > 99) throw new RuleError('interval', 'INTERVAL must be 1-99');
  if (rule.count !== undefined && rule.until !== undefined) throw new RuleError('count', 'use COUNT or UNTIL, not both');
  if (rule.count !== undefined && (!Number.isInteger(rule.count) || rule.count < 1 || rule.count > MAX_COUNT)) {
    throw new RuleError('count', `COUNT must be 1-${MAX_COUNT}`);
  }
  if (rule.until !== undefined && parseLocal(rule.until) === undefined) throw new RuleError('until', 'UNTIL must be a local time YYYY-MM-DDTHH:mm');
  for (const b of rule.byDay ?? []) {
    if (!WEEKDAYS.includes(b.day)) throw new RuleError('byDay', `unknown weekday ${String(b.day)}`);
    if (b.nth !== undefined) {
      if (rule.freq !== 'MONTHLY') throw new RuleError('byDay', 'a numbered BYDAY (e.g. 2TU) needs FREQ=MONTHLY');
      if (!Number.isInteger(b.nth) || b.nth === 0 || b.nth < -5 || b.nth > 5) throw new RuleError('byDay', 'BYDAY position must be 1-5 or -1 to -5');
    }
  }
  if (rule.byDay && rule.byDay.length === 0) throw new RuleError('byDay', 'BYDAY must name at least one day');
  for (const d of rule.byMonthDay ?? []) {
    if (!Number.isInteger(d) || d === 0 || d < -31 || d > 31) throw new RuleError('byMonthDay', 'BYMONTHDAY must be 1-31 or -1 to -31');
  }
  if (rule.byMonthDay && rule.byMonthDay.length === 0) throw new RuleError('byMonthDay', 'BYMONTHDAY must name at least one day');
  if (rule.byMonthDay && rule.freq === 'WEEKLY') throw new RuleError('byMonthDay', 'BYMONTHDAY is not allowed with FREQ=WEEKLY');
  if (rule.wkst !== undefined && !WEEKDAYS.includes(rule.wkst)) throw new RuleError('wkst', `unknown WKST ${String(rule.wkst)}`);
}

// ---- text form ------------------------------------------------------------------------

/** Parses an RRULE value (`FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=…`). UNTIL in UTC (`Z`) needs `untilToLocal`. */
export function parseRule(text: string, untilToLocal?: (utcMs: number) => string): RecurrenceRule {
  const parts = new Map<string, string>();
  for (const part of text.trim().replace(/^RRULE:/i, '').split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 1) throw new RuleError('rule', `"${part}" is not NAME=VALUE`);
    const key = part.slice(0, eq).toUpperCase();
    if (parts.has(key)) throw new RuleError('rule', `${key} appears twice`);
    parts.set(key, part.slice(eq + 1).toUpperCase());
  }
  const known = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'COUNT', 'UNTIL', 'WKST']);
  for (const key of parts.keys()) if (!known.has(key)) throw new RuleError('rule', `${key} is not supported`);
  const freq = parts.get('FREQ');
  if (!freq) throw new RuleError('freq', 'FREQ is required');
  const rule: RecurrenceRule = { freq: freq as Frequency, interval: parts.has('INTERVAL') ? strictInt(parts.get('INTERVAL')!, 'interval') : 1 };
  const byDay = parts.get('BYDAY');
  if (byDay !== undefined) {
    rule.byDay = byDay.split(',').map((t) => {
      const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(t);
      if (!m) throw new RuleError('byDay', `"${t}" is not a BYDAY value`);
      return m[1] === undefined ? { day: m[2] as Weekday } : { day: m[2] as Weekday, nth: Number(m[1]) };
    });
  }
  const bmd = parts.get('BYMONTHDAY');
  if (bmd !== undefined) rule.byMonthDay = bmd.split(',').map((t) => strictInt(t, 'byMonthDay'));
  if (parts.has('COUNT')) rule.count = strictInt(parts.get('COUNT')!, 'count');
  const until = parts.get('UNTIL');
  if (until !== undefined) rule.until = parseUntil(until, untilToLocal);
  if (parts.has('WKST')) rule.wkst = parts.get('WKST') as Weekday;
  validateRule(rule);
  return rule;
}

function strictInt(text: string, field: string): number {
  if (!/^[+-]?\d{1,4}$/.test(text)) throw new RuleError(field, `"${text}" is not a number`);
  return Number(text);
}

function parseUntil(text: string, untilToLocal?: (utcMs: number) => string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(text);
  if (!m) throw new RuleError('until', `"${text}" is not a date or date-time`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new RuleError('until', `"${text}" is not a real date`);
  if (m[4] === undefined) return formatLocal(daysFromCivil(y, mo, d) * DAY + 23 * 60 * MINUTE + 59 * MINUTE);
  const ms = daysFromCivil(y, mo, d) * DAY + (Number(m[4]) * 60 + Number(m[5])) * MINUTE + Number(m[6]) * 1000;
  if (m[7] === 'Z' && untilToLocal) return untilToLocal(ms);
  return formatLocal(Math.floor(ms / MINUTE) * MINUTE);
}

/** The RRULE value for a rule. `untilUtc` turns the local UNTIL into a UTC `…Z` stamp (required with TZID). */
export function formatRule(rule: RecurrenceRule, untilUtc?: (local: string) => string): string {
  const out = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) out.push(`INTERVAL=${rule.interval}`);
  if (rule.count !== undefined) out.push(`COUNT=${rule.count}`);
  if (rule.until !== undefined) {
    out.push(`UNTIL=${untilUtc ? untilUtc(rule.until) : `${rule.until.replace(/[-:]/g, '')}00`}`);
  }
  if (rule.byDay?.length) out.push(`BYDAY=${rule.byDay.map((b) => `${b.nth ?? ''}${b.day}`).join(',')}`);
  if (rule.byMonthDay?.length) out.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
  if (rule.wkst !== undefined && rule.wkst !== 'MO') out.push(`WKST=${rule.wkst}`);
  return out.join(';');
}

// ---- expansion ------------------------------------------------------------------------

const dayIndex = (d: Weekday) => WEEKDAYS.indexOf(d);

/** The days (day numbers, ascending) a monthly rule selects in month `y-m`. */
function monthDays(rule: RecurrenceRule, y: number, m: number, startDom: number): number[] {
  const first = daysFromCivil(y, m, 1);
  const len = daysInMonth(y, m);
  let doms: Set<number> | null = null;
  if (rule.byMonthDay) {
    doms = new Set();
    for (const d of rule.byMonthDay) {
      const dom = d > 0 ? d : len + 1 + d;
      if (dom >= 1 && dom <= len) doms.add(dom);
    }
  }
  let byDay: Set<number> | null = null;
  if (rule.byDay) {
    byDay = new Set();
    const firstWd = weekday(first);
    for (const b of rule.byDay) {
      const wd = dayIndex(b.day);
      const firstOf = 1 + ((wd - firstWd + 7) % 7);
      if (b.nth === undefined) {
        for (let dom = firstOf; dom <= len; dom += 7) byDay.add(dom);
      } else if (b.nth > 0) {
        const dom = firstOf + (b.nth - 1) * 7;
        if (dom <= len) byDay.add(dom);
      } else {
        const lastOf = firstOf + Math.floor((len - firstOf) / 7) * 7;
        const dom = lastOf + (b.nth + 1) * 7;
        if (dom >= 1) byDay.add(dom);
      }
    }
  }
  let result: number[];
  if (doms && byDay) result = [...doms].filter((d) => byDay.has(d));
  else if (doms) result = [...doms];
  else if (byDay) result = [...byDay];
  else result = startDom <= len ? [startDom] : [];
  return result.sort((a, b) => a - b).map((dom) => first + dom - 1);
}

function dayMatchesFilters(rule: RecurrenceRule, day: number): boolean {
  if (rule.byDay && !rule.byDay.some((b) => dayIndex(b.day) === weekday(day))) return false;
  if (rule.byMonthDay) {
    const [y, m, d] = civilFromDays(day);
    const len = daysInMonth(y, m);
    if (!rule.byMonthDay.some((x) => (x > 0 ? x : len + 1 + x) === d)) return false;
  }
  return true;
}

/**
 * Local start times (local ms) of a rule's occurrences from `start` (local ms), ascending,
 * with starts in [fromLocal, toLocal). COUNT is counted from the first occurrence; without
 * COUNT the expansion jumps straight to the window. Never yields more than `limit`.
 */
export function expandRule(rule: RecurrenceRule, start: number, fromLocal: number, toLocal: number, limit = 100_000): number[] {
  const out: number[] = [];
  const startDay = Math.floor(start / DAY);
  const tod = start - startDay * DAY;
  const until = rule.until !== undefined ? parseLocal(rule.until)! : Infinity;
  const end = Math.min(toLocal, until + 1);
  const count = rule.count ?? Infinity;
  let seen = 0;
  // Without COUNT we may skip periods that end before the window.
  const skipTo = rule.count === undefined ? Math.max(startDay, Math.floor(fromLocal / DAY) - 1) : startDay;
  const emit = (day: number): boolean => {
    if (day < startDay) return true;
    const t = day * DAY + tod;
    if (t < start) return true;
    if (t >= end) return false;
    seen++;
    if (t >= fromLocal) out.push(t);
    return seen < count && out.length < limit;
  };

  if (rule.freq === 'DAILY') {
    const step = rule.interval;
    const k0 = Math.max(0, Math.floor((skipTo - startDay) / step));
    for (let day = startDay + k0 * step; ; day += step) {
      if (day * DAY + tod >= end) break;
      if (!dayMatchesFilters(rule, day)) continue;
      if (!emit(day)) break;
    }
  } else if (rule.freq === 'WEEKLY') {
    const wkst = dayIndex(rule.wkst ?? 'MO');
    const days = (rule.byDay ?? [{ day: WEEKDAYS[weekday(startDay)]! }])
      .map((b) => (dayIndex(b.day) - wkst + 7) % 7)
      .sort((a, b) => a - b)
      .filter((v, i, arr) => i === 0 || arr[i - 1] !== v);
    const week0 = startDay - ((weekday(startDay) - wkst + 7) % 7);
    const step = 7 * rule.interval;
    const k0 = Math.max(0, Math.floor((skipTo - week0) / step) - 1);
    outer: for (let ws = week0 + k0 * step; ; ws += step) {
      if (ws * DAY + tod >= end) break;
      for (const off of days) {
        const day = ws + off;
        if (rule.byMonthDay && !dayMatchesFilters({ ...rule, byDay: undefined }, day)) continue;
        if (!emit(day)) break outer;
      }
    }
  } else {
    const [sy, sm, sd] = civilFromDays(startDay);
    const m0 = sy * 12 + (sm - 1);
    const [ky, km] = civilFromDays(skipTo);
    const k0 = Math.max(0, Math.floor((ky * 12 + km - 1 - m0) / rule.interval) - 1);
    outer: for (let mi = m0 + k0 * rule.interval; ; mi += rule.interval) {
      const y = Math.floor(mi / 12);
      const m = (mi % 12) + 1;
      if (daysFromCivil(y, m, 1) * DAY >= end) break;
      for (const day of monthDays(rule, y, m, sd)) {
        if (!emit(day)) break outer;
      }
    }
  }
  return out;
}

/** Whether `start` (local ms) is itself an occurrence of the rule (DTSTART must be). */
export function ruleMatchesStart(rule: RecurrenceRule, start: number): boolean {
  const day = Math.floor(start / DAY);
  if (rule.freq === 'DAILY') return dayMatchesFilters(rule, day);
  if (rule.freq === 'WEEKLY') {
    if (rule.byDay && !rule.byDay.some((b) => dayIndex(b.day) === weekday(day))) return false;
    return rule.byMonthDay ? dayMatchesFilters({ ...rule, byDay: undefined }, day) : true;
  }
  const [y, m, d] = civilFromDays(day);
  return monthDays(rule, y, m, d).includes(day);
}

/** Whether the rule has a last occurrence (COUNT or UNTIL). */
export function isBounded(rule: RecurrenceRule): boolean {
  return rule.count !== undefined || rule.until !== undefined;
}
