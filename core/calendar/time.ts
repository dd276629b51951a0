/**
 * Wall-clock time in explicit IANA zones, on top of Intl (the platform's tz database).
 *
 * Events store local wall time (`YYYY-MM-DDTHH:mm`) and a zone. Internally a local time is
 * a "local millisecond" count: the same arithmetic as UTC milliseconds, but meaning wall
 * time in the zone. Converting uses the zone's UTC offsets, which we compute with Intl once
 * per zone and year (transitions found by weekly sampling and bisection) and then look up
 * arithmetically: Intl is far too slow to call per occurrence.
 */
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day number: [year, month 1-12, day 1-31]. */
export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export function daysInMonth(y: number, m: number): number {
  return daysFromCivil(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - daysFromCivil(y, m, 1);
}

/** ISO weekday of a day number: 0 = Monday … 6 = Sunday. */
export function weekday(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number) => String(n).padStart(4, '0');

/** Parses `YYYY-MM-DDTHH:mm` into local milliseconds, or undefined if it is not a real wall time. */
export function parseLocal(text: string): number | undefined {
  const m = LOCAL_RE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59) return undefined;
  return daysFromCivil(y, mo, d) * DAY + h * HOUR + mi * MINUTE;
}

/** Parses `YYYY-MM-DD` into a day number. */
export function parseDate(text: string): number | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return daysFromCivil(y, mo, d);
}

export function formatLocal(localMs: number): string {
  const days = Math.floor(localMs / DAY);
  const [y, m, d] = civilFromDays(days);
  const mins = Math.floor((localMs - days * DAY) / MINUTE);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}T${pad2(Math.floor(mins / 60))}:${pad2(mins % 60)}`;
}

export function formatDate(dayNumber: number): string {
  const [y, m, d] = civilFromDays(dayNumber);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

// ---- zones ----------------------------------------------------------------------------

interface YearOffsets {
  /** Offset (ms, local - UTC) in force at the start of the sampled span. */
  first: number;
  /** Transitions within the year: at (UTC ms) the offset becomes `offset`. */
  at: number[];
  offset: number[];
}

const validZones = new Map<string, boolean>();

/** True for a zone name Intl knows (IANA names, plus `UTC`). */
export function isValidTimeZone(zone: string): boolean {
  let ok = validZones.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      ok = zone.length > 0 && zone.length <= 64;
    } catch {
      ok = false;
    }
    validZones.set(zone, ok);
  }
  return ok;
}

export interface Transition {
  /** UTC ms at which the new offset starts. */
  at: number;
  from: number;
  to: number;
}

/** A zone's offsets, computed through Intl once per year and cached. */
export class Zone {
  readonly name: string;
  #fmt: Intl.DateTimeFormat;
  #years = new Map<number, YearOffsets>();

  constructor(name: string) {
    this.name = name;
    this.#fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
  }

  /** Offset by Intl (slow path). */
  #intlOffset(utc: number): number {
    const parts = this.#fmt.formatToParts(utc);
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, bc = false;
    for (const p of parts) {
      switch (p.type) {
        case 'year': y = Number(p.value); break;
        case 'month': mo = Number(p.value); break;
        case 'day': d = Number(p.value); break;
        case 'hour': h = Number(p.value); break;
        case 'minute': mi = Number(p.value); break;
        case 'second': s = Number(p.value); break;
        case 'era': bc = p.value.startsWith('B'); break;
        default: break;
      }
    }
    if (bc) y = 1 - y;
    const local = daysFromCivil(y, mo, d) * DAY + h * HOUR + mi * MINUTE + s * 1000;
    const floored = Math.floor(utc / 1000) * 1000;
    return local - floored;
  }

  #year(y: number): YearOffsets {
    let entry = this.#years.get(y);
    if (entry) return entry;
    const start = daysFromCivil(y, 1, 1) * DAY - DAY;
    const end = daysFromCivil(y + 1, 1, 1) * DAY + DAY;
    const first = this.#intlOffset(start);
    const at: number[] = [];
    const offset: number[] = [];
    let prevT = start;
    let prevO = first;
    for (let t = start + 7 * DAY; ; t += 7 * DAY) {
      const tt = Math.min(t, end);
      const o = this.#intlOffset(tt);
      if (o !== prevO) this.#bisect(prevT, tt, prevO, at, offset);
      prevT = tt;
      prevO = o;
      if (tt === end) break;
    }
    entry = { first, at, offset };
    this.#years.set(y, entry);
    return entry;
  }

  /** Finds every transition in (lo, hi] where offset(lo) = oLo, to the minute. */
  #bisect(lo: number, hi: number, oLo: number, at: number[], offset: number[]): void {
    let a = lo;
    let b = hi;
    while (b - a > MINUTE) {
      const mid = a + Math.floor((b - a) / 2 / MINUTE) * MINUTE;
      if (this.#intlOffset(mid) === oLo) a = mid;
      else b = mid;
    }
    const oB = this.#intlOffset(b);
    at.push(b);
    offset.push(oB);
    const oHi = this.#intlOffset(hi);
    if (oHi !== oB) this.#bisect(b, hi, oB, at, offset);
  }

  #lastFrom = 0;
  #lastTo = 0;
  #last: YearOffsets | null = null;

  /** UTC offset (local − UTC, ms) in force at `utc`. */
  offsetAt(utc: number): number {
    let e: YearOffsets;
    if (this.#last !== null && utc >= this.#lastFrom && utc < this.#lastTo) e = this.#last;
    else {
      const y = civilFromDays(Math.floor(utc / DAY))[0];
      e = this.#year(y);
      this.#last = e;
      this.#lastFrom = daysFromCivil(y, 1, 1) * DAY;
      this.#lastTo = daysFromCivil(y + 1, 1, 1) * DAY;
    }
    let o = e.first;
    for (let i = 0; i < e.at.length; i++) {
      if (utc >= e.at[i]!) o = e.offset[i]!;
      else break;
    }
    return o;
  }

  /**
   * The UTC instant of a local wall time. An ambiguous time (the repeated hour when clocks
   * go back) resolves to its first occurrence; a time in the gap when clocks go forward is
   * read with the offset before the gap (RFC 5545 §3.3.5), i.e. it lands after the gap.
   */
  toUtc(local: number): number {
    const before = this.offsetAt(local - DAY);
    const after = this.offsetAt(local + DAY);
    if (before === after) {
      const u = local - before;
      if (this.offsetAt(u) === before) return u;
    }
    const u1 = local - before;
    const u2 = local - after;
    const ok1 = this.offsetAt(u1) === before;
    const ok2 = this.offsetAt(u2) === after;
    if (ok1 && ok2) return Math.min(u1, u2);
    if (ok1) return u1;
    if (ok2) return u2;
    return local - before;
  }

  toLocal(utc: number): number {
    return utc + this.offsetAt(utc);
  }

  /** Offset transitions between two UTC instants. */
  transitions(fromUtc: number, toUtc: number): Transition[] {
    const out: Transition[] = [];
    const y0 = civilFromDays(Math.floor(fromUtc / DAY))[0];
    const y1 = civilFromDays(Math.floor(toUtc / DAY))[0];
    for (let y = y0; y <= y1; y++) {
      const e = this.#year(y);
      let prev = e.first;
      for (let i = 0; i < e.at.length; i++) {
        const at = e.at[i]!;
        const to = e.offset[i]!;
        if (at >= fromUtc && at <= toUtc && !out.some((t) => t.at === at)) out.push({ at, from: prev, to });
        prev = to;
      }
    }
    return out.sort((a, b) => a.at - b.at);
  }
}

const zones = new Map<string, Zone>();

/** The cached Zone for an IANA name (validate first with isValidTimeZone). */
export function zone(name: string): Zone {
  let z = zones.get(name);
  if (!z) {
    z = new Zone(name);
    zones.set(name, z);
  }
  return z;
}

/** UTC ms of a local wall time string in a zone. */
export function localToUtc(local: string, zoneName: string): number {
  const ms = parseLocal(local);
  if (ms === undefined) throw new RangeError(`not a local time: ${local}`);
  return zone(zoneName).toUtc(ms);
}

export function utcToLocal(utc: number, zoneName: string): string {
  return formatLocal(zone(zoneName).toLocal(utc));
}
