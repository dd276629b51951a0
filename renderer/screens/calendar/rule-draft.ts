/** The recurring-event editor's state and its translation to and from the API's rule object. */
import type { NewEvent } from './calendar-model.ts';

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS: Record<Weekday, string> = { MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun' };
export const POSITIONS = [
  { value: 1, label: 'first' },
  { value: 2, label: 'second' },
  { value: 3, label: 'third' },
  { value: 4, label: 'fourth' },
  { value: -1, label: 'last' },
] as const;

type ApiRule = Exclude<Exclude<NewEvent['rule'], undefined | null>, string>;

export interface RuleDraft {
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY';
  interval: number;
  weekdays: Weekday[];
  monthly: 'day' | 'position';
  monthDay: number;
  position: number;
  positionDay: Weekday;
  ends: 'never' | 'count' | 'until';
  count: number;
  /** Local date YYYY-MM-DD (last day included). */
  until: string;
}

/** The weekday of a local date or wall time. */
export function weekdayOf(local: string): Weekday {
  const [y, m, d] = local.slice(0, 10).split('-').map(Number);
  const js = new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay();
  return WEEKDAYS[(js + 6) % 7]!;
}

export function defaultRule(start: string): RuleDraft {
  const day = Number(start.slice(8, 10)) || 1;
  return { freq: 'WEEKLY', interval: 1, weekdays: [weekdayOf(start)], monthly: 'day', monthDay: day, position: Math.min(Math.ceil(day / 7), 4), positionDay: weekdayOf(start), ends: 'count', count: 10, until: '' };
}

/** Problems with the draft, by field, in words (empty when it can be sent). */
export function ruleProblems(r: RuleDraft, start: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Number.isInteger(r.interval) || r.interval < 1 || r.interval > 99) out['interval'] = 'Repeat every 1 to 99 days, weeks or months.';
  if (r.freq === 'WEEKLY' && r.weekdays.length === 0) out['weekdays'] = 'Choose at least one weekday.';
  if (r.freq === 'WEEKLY' && r.weekdays.length > 0 && start && !r.weekdays.includes(weekdayOf(start)))
    out['weekdays'] = `The first date (${start.slice(0, 10)}, a ${WEEKDAY_LABELS[weekdayOf(start)]}) must be one of the chosen weekdays.`;
  if (r.freq === 'MONTHLY' && r.monthly === 'day' && (!Number.isInteger(r.monthDay) || r.monthDay < 1 || r.monthDay > 31)) out['monthDay'] = 'Day of the month is 1 to 31.';
  if (r.ends === 'count' && (!Number.isInteger(r.count) || r.count < 1 || r.count > 1000)) out['count'] = 'Number of dates is 1 to 1000.';
  if (r.ends === 'until') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(r.until)) out['until'] = 'Give the last date.';
    else if (start && r.until < start.slice(0, 10)) out['until'] = 'The last date is before the first one.';
  }
  return out;
}

export function toApiRule(r: RuleDraft): ApiRule {
  const rule: ApiRule = { freq: r.freq, interval: r.interval };
  if (r.freq === 'WEEKLY') rule.byDay = WEEKDAYS.filter((d) => r.weekdays.includes(d)).map((day) => ({ day }));
  if (r.freq === 'MONTHLY') {
    if (r.monthly === 'day') rule.byMonthDay = [r.monthDay];
    else rule.byDay = [{ day: r.positionDay, nth: r.position }];
  }
  if (r.ends === 'count') rule.count = r.count;
  if (r.ends === 'until') rule.until = `${r.until}T23:59`;
  return rule;
}

/** The API's rule (as `calendar.event` returns it) as a draft for the editor. */
export function fromApiRule(rule: { freq: string; interval?: number; byDay?: { day: string; nth?: number }[]; byMonthDay?: number[]; count?: number; until?: string } | null, start: string): RuleDraft | null {
  if (!rule) return null;
  const base = defaultRule(start);
  const positional = rule.byDay?.find((b) => b.nth !== undefined);
  return {
    ...base,
    freq: rule.freq as RuleDraft['freq'],
    interval: rule.interval ?? 1,
    weekdays: rule.freq === 'WEEKLY' && rule.byDay ? (rule.byDay.map((b) => b.day) as Weekday[]) : base.weekdays,
    monthly: positional ? 'position' : 'day',
    monthDay: rule.byMonthDay?.[0] ?? base.monthDay,
    position: positional?.nth ?? base.position,
    positionDay: (positional?.day as Weekday | undefined) ?? base.positionDay,
    ends: rule.count !== undefined ? 'count' : rule.until ? 'until' : 'never',
    count: rule.count ?? base.count,
    until: rule.until?.slice(0, 10) ?? '',
  };
}

/** "Weekly on Mon, Wed, Thu, 18 times" */
export function describeRule(r: RuleDraft): string {
  const unit = { DAILY: ['day', 'days'], WEEKLY: ['week', 'weeks'], MONTHLY: ['month', 'months'] }[r.freq];
  const every = r.interval === 1 ? `Every ${unit[0]}` : `Every ${r.interval} ${unit[1]}`;
  const on =
    r.freq === 'WEEKLY'
      ? ` on ${WEEKDAYS.filter((d) => r.weekdays.includes(d)).map((d) => WEEKDAY_LABELS[d]).join(', ')}`
      : r.freq === 'MONTHLY'
        ? r.monthly === 'day'
          ? ` on day ${r.monthDay}`
          : ` on the ${POSITIONS.find((p) => p.value === r.position)?.label ?? r.position} ${WEEKDAY_LABELS[r.positionDay]}`
        : '';
  const ends = r.ends === 'count' ? `, ${r.count} time${r.count === 1 ? '' : 's'}` : r.ends === 'until' ? `, until ${r.until}` : ', with no end';
  return `${every}${on}${ends}`;
}
