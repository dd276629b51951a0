import type { ProcedureInput } from '../../api/types.ts';

/** The filters the Audit screen offers; each is sent only when set. */
export interface AuditFilterState {
  userId: string;
  role: string;
  action: string;
  scope: string;
  outcome: '' | 'ok' | 'denied';
  /** `YYYY-MM-DD` in the company's time zone, inclusive. */
  fromDay: string;
  toDay: string;
}

export const NO_FILTER: AuditFilterState = { userId: '', role: '', action: '', scope: '', outcome: '', fromDay: '', toDay: '' };

type Filters = Omit<ProcedureInput<'audit.export'>, 'format'>;

/** Offset of `zone` from UTC at instant `ms`, in ms (Intl has no direct accessor). */
function zoneOffset(ms: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(ms);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Midnight at the start of `day` (`YYYY-MM-DD`) in `zone` (the browser's zone when unknown or invalid). */
export function dayStart(day: string, zone: string | undefined): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (zone) {
    try {
      const guess = Date.UTC(y, mo - 1, d);
      let at = guess - zoneOffset(guess, zone);
      at = guess - zoneOffset(at, zone); // once more, in case the offset changed in between (DST)
      return at;
    } catch {
      // fall through to the browser's zone
    }
  }
  return new Date(y, mo - 1, d).getTime();
}

function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The API filters for the screen's state: `to` is exclusive, so the end day counts up to its last moment. */
export function toApiFilters(f: AuditFilterState, zone: string | undefined): Filters {
  const from = f.fromDay ? dayStart(f.fromDay, zone) : undefined;
  const to = f.toDay && /^\d{4}-\d{2}-\d{2}$/.test(f.toDay) ? dayStart(nextDay(f.toDay), zone) : undefined;
  return {
    ...(f.userId ? { userId: f.userId } : {}),
    ...(f.role ? { role: f.role } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.scope.trim() ? { scope: f.scope.trim() } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

export function isFiltered(f: AuditFilterState): boolean {
  return Object.values(f).some((v) => v !== '');
}
