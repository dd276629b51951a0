import { useId, useState } from 'react';
import { formatDay } from './calendar-model.ts';
import { describeRule, POSITIONS, WEEKDAY_LABELS, WEEKDAYS, type RuleDraft, type Weekday } from './rule-draft.ts';

/**
 * RRULE fields: frequency, interval, weekdays, monthly by day or by position, end by count or
 * date, and exception dates (dates the series skips). Problems are shown beside their field.
 */
export function RecurrenceEditor({
  rule,
  onChange,
  exdates,
  onExdates,
  startTime,
  problems,
}: {
  rule: RuleDraft;
  onChange: (rule: RuleDraft) => void;
  exdates: string[];
  onExdates: (exdates: string[]) => void;
  /** HH:mm of the series, to name an exception by its original start. */
  startTime: string;
  problems: Record<string, string>;
}) {
  const id = useId();
  const [exception, setException] = useState('');
  const [exceptionProblem, setExceptionProblem] = useState<string | undefined>();
  const set = <K extends keyof RuleDraft>(k: K, v: RuleDraft[K]) => onChange({ ...rule, [k]: v });
  const unit = { DAILY: 'days', WEEKLY: 'weeks', MONTHLY: 'months' }[rule.freq];
  const err = (field: string) =>
    problems[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {problems[field]}
      </p>
    ) : null;
  const describedBy = (field: string) => (problems[field] ? `${id}-${field}-error` : undefined);
  const addException = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(exception)) {
      setExceptionProblem('Choose the date to skip.');
      return;
    }
    const local = `${exception}T${startTime}`;
    if (exdates.includes(local)) {
      setExceptionProblem(`${formatDay(exception)} is already skipped.`);
      return;
    }
    onExdates([...exdates, local].sort());
    setException('');
    setExceptionProblem(undefined);
  };

  return (
    <fieldset className="recurrence-editor">
      <legend>Repeats</legend>
      <p className="rule-summary" aria-live="polite">
        {describeRule(rule)}
      </p>
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-freq`}>Frequency</label>
          <select id={`${id}-freq`} value={rule.freq} onChange={(e) => set('freq', e.target.value as RuleDraft['freq'])}>
            <option value="DAILY">Daily</option>
            <option value="WEEKLY">Weekly</option>
            <option value="MONTHLY">Monthly</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-interval`}>Every how many {unit}</label>
          <input
            id={`${id}-interval`}
            type="number"
            min={1}
            max={99}
            value={Number.isNaN(rule.interval) ? '' : rule.interval}
            onChange={(e) => set('interval', e.target.valueAsNumber)}
            aria-invalid={problems['interval'] !== undefined}
            aria-describedby={describedBy('interval')}
          />
          {err('interval')}
        </div>
      </div>
      {rule.freq === 'WEEKLY' && (
        <fieldset className="choice-group weekday-group" aria-invalid={problems['weekdays'] !== undefined} aria-describedby={describedBy('weekdays')}>
          <legend>On</legend>
          {WEEKDAYS.map((d) => (
            <label key={d} className="checkbox">
              <input
                type="checkbox"
                checked={rule.weekdays.includes(d)}
                onChange={(e) => set('weekdays', e.target.checked ? [...rule.weekdays, d] : rule.weekdays.filter((x) => x !== d))}
              />
              {WEEKDAY_LABELS[d]}
            </label>
          ))}
          {err('weekdays')}
        </fieldset>
      )}
      {rule.freq === 'MONTHLY' && (
        <fieldset className="choice-group">
          <legend>Each month</legend>
          <label className="checkbox">
            <input type="radio" name={`${id}-monthly`} checked={rule.monthly === 'day'} onChange={() => set('monthly', 'day')} />
            On day
          </label>
          <input
            type="number"
            aria-label="Day of the month"
            className="input-narrow"
            min={1}
            max={31}
            value={Number.isNaN(rule.monthDay) ? '' : rule.monthDay}
            disabled={rule.monthly !== 'day'}
            onChange={(e) => set('monthDay', e.target.valueAsNumber)}
            aria-invalid={problems['monthDay'] !== undefined}
          />
          <label className="checkbox">
            <input type="radio" name={`${id}-monthly`} checked={rule.monthly === 'position'} onChange={() => set('monthly', 'position')} />
            On the
          </label>
          <select aria-label="Which week of the month" value={rule.position} disabled={rule.monthly !== 'position'} onChange={(e) => set('position', Number(e.target.value))}>
            {POSITIONS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
          <select aria-label="Weekday of the month" value={rule.positionDay} disabled={rule.monthly !== 'position'} onChange={(e) => set('positionDay', e.target.value as Weekday)}>
            {WEEKDAYS.map((d) => (
              <option key={d} value={d}>
                {WEEKDAY_LABELS[d]}
              </option>
            ))}
          </select>
          {err('monthDay')}
        </fieldset>
      )}
      <fieldset className="choice-group">
        <legend>Ends</legend>
        <label className="checkbox">
          <input type="radio" name={`${id}-ends`} checked={rule.ends === 'count'} onChange={() => set('ends', 'count')} />
          After
        </label>
        <input
          type="number"
          aria-label="Number of dates"
          className="input-narrow"
          min={1}
          max={1000}
          value={Number.isNaN(rule.count) ? '' : rule.count}
          disabled={rule.ends !== 'count'}
          onChange={(e) => set('count', e.target.valueAsNumber)}
          aria-invalid={problems['count'] !== undefined}
          aria-describedby={describedBy('count')}
        />
        <span>dates</span>
        <label className="checkbox">
          <input type="radio" name={`${id}-ends`} checked={rule.ends === 'until'} onChange={() => set('ends', 'until')} />
          On
        </label>
        <input
          type="date"
          aria-label="Last date"
          value={rule.until}
          disabled={rule.ends !== 'until'}
          onChange={(e) => set('until', e.target.value)}
          aria-invalid={problems['until'] !== undefined}
          aria-describedby={describedBy('until')}
        />
        <label className="checkbox">
          <input type="radio" name={`${id}-ends`} checked={rule.ends === 'never'} onChange={() => set('ends', 'never')} />
          Never
        </label>
        {err('count')}
        {err('until')}
      </fieldset>
      <div className="exceptions">
        <div className="inline-form">
          <div className="field">
            <label htmlFor={`${id}-exception`}>Skip a date (exception)</label>
            <input
              id={`${id}-exception`}
              type="date"
              value={exception}
              onChange={(e) => {
                setException(e.target.value);
                setExceptionProblem(undefined);
              }}
              aria-invalid={exceptionProblem !== undefined}
            />
            {exceptionProblem && <p className="field-error">{exceptionProblem}</p>}
          </div>
          <button type="button" className="button" onClick={addException}>
            Add exception
          </button>
        </div>
        {exdates.length > 0 && (
          <ul className="chips" aria-label="Skipped dates">
            {exdates.map((x) => (
              <li key={x} className="chip">
                {formatDay(x)}
                <button type="button" className="chip-remove" aria-label={`Stop skipping ${formatDay(x)}`} onClick={() => onExdates(exdates.filter((y) => y !== x))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </fieldset>
  );
}
