/**
 * iCalendar (RFC 5545) text primitives: TEXT escaping, octet-correct line folding (75
 * octets, never inside a UTF-8 sequence), date-time stamps, and VTIMEZONE components built
 * from the platform's tz data.
 */
import { civilFromDays, DAY, daysInMonth, formatLocal, MINUTE, weekday, zone } from './time.ts';

/** Escapes a TEXT value: backslash, semicolon, comma and newlines. */
export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Reverses escapeText. */
export function unescapeText(s: string): string {
  return s.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** A parameter value, quoted when it contains `:`, `;` or `,` (and never a double quote). */
export function paramValue(s: string): string {
  const clean = s.replace(/"/g, "'").replace(/[\r\n]/g, ' ');
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

const encoder = new TextEncoder();

/** Folds one content line into lines of at most 75 octets, continuation lines starting with a space. */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  let limit = 75;
  for (const ch of line) {
    const cp = ch.codePointAt(0)!;
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + n > limit) {
      out.push(current);
      current = ' ';
      bytes = 1;
      limit = 75;
    }
    current += ch;
    bytes += n;
  }
  out.push(current);
  return out.join('\r\n');
}

/** Joins content lines into an iCalendar stream (folded, CRLF). */
export function serialize(lines: readonly string[]): string {
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYYMMDDTHHMMSS` of a local time string `YYYY-MM-DDTHH:mm`. */
export function icalLocal(local: string): string {
  return `${local.slice(0, 4)}${local.slice(5, 7)}${local.slice(8, 10)}T${local.slice(11, 13)}${local.slice(14, 16)}00`;
}

/** `YYYYMMDDTHHMMSSZ` of a UTC instant. */
export function icalUtc(utc: number): string {
  const d = new Date(utc);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

function offsetText(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const m = Math.round(Math.abs(ms) / MINUTE);
  return `${sign}${pad(Math.floor(m / 60))}${pad(m % 60)}`;
}

const WD = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

interface TzRule {
  month: number;
  nth: number;
  wd: string;
  time: string;
}

function yearlyRule(localMs: number): TzRule {
  const day = Math.floor(localMs / DAY);
  const [y, m, d] = civilFromDays(day);
  const nth = d + 7 > daysInMonth(y, m) ? -1 : Math.ceil(d / 7);
  return { month: m, nth, wd: WD[weekday(day)]!, time: formatLocal(localMs).slice(11) };
}

const nameFormats = new Map<string, Intl.DateTimeFormat>();

function shortName(zoneName: string, utc: number): string | undefined {
  try {
    let f = nameFormats.get(zoneName);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zoneName, timeZoneName: 'short' });
      nameFormats.set(zoneName, f);
    }
    const parts = f.formatToParts(utc);
    return parts.find((p) => p.type === 'timeZoneName')?.value;
  } catch {
    return undefined;
  }
}

/**
 * A VTIMEZONE for `zoneName` covering [fromUtc, toUtc]: one sub-component per offset change
 * in the span; the last change of each kind repeats yearly (RRULE) when the zone follows a
 * yearly pattern, so clients extrapolate correctly for open-ended series.
 */
export function vtimezone(zoneName: string, fromUtc: number, toUtc: number): string[] {
  const z = zone(zoneName);
  const transitions = z.transitions(fromUtc, toUtc);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zoneName}`];
  const initial = z.offsetAt(fromUtc);
  if (transitions.length === 0) {
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offsetText(initial)}`, `TZOFFSETTO:${offsetText(initial)}`);
    const n = shortName(zoneName, fromUtc);
    if (n) lines.push(`TZNAME:${n}`);
    lines.push('END:STANDARD', 'END:VTIMEZONE');
    return lines;
  }
  const first = transitions[0]!;
  lines.push(
    first.from > first.to ? 'BEGIN:DAYLIGHT' : 'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    `TZOFFSETFROM:${offsetText(first.from)}`,
    `TZOFFSETTO:${offsetText(first.from)}`,
    first.from > first.to ? 'END:DAYLIGHT' : 'END:STANDARD',
  );
  // The last transition of each direction repeats yearly if the year before followed the same rule.
  const lastIndex = new Map<boolean, number>();
  transitions.forEach((t, i) => lastIndex.set(t.to > t.from, i));
  const repeating = new Map<number, TzRule>();
  for (const [forward, i] of lastIndex) {
    const t = transitions[i]!;
    const rule = yearlyRule(t.at + t.from);
    const prev = transitions.slice(0, i).reverse().find((p) => p.to > p.from === forward);
    if (prev && JSON.stringify(yearlyRule(prev.at + prev.from)) === JSON.stringify(rule) && prev.to === t.to && prev.from === t.from) {
      repeating.set(i, rule);
    }
  }
  transitions.forEach((t, i) => {
    const kind = t.to > t.from ? 'DAYLIGHT' : 'STANDARD';
    lines.push(`BEGIN:${kind}`, `DTSTART:${icalLocal(formatLocal(t.at + t.from))}`, `TZOFFSETFROM:${offsetText(t.from)}`, `TZOFFSETTO:${offsetText(t.to)}`);
    const r = repeating.get(i);
    if (r) lines.push(`RRULE:FREQ=YEARLY;BYMONTH=${r.month};BYDAY=${r.nth}${r.wd}`);
    const n = shortName(zoneName, t.at + 1000);
    if (n) lines.push(`TZNAME:${n}`);
    lines.push(`END:${kind}`);
  });
  lines.push('END:VTIMEZONE');
  return lines;
}
