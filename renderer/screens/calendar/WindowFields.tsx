import { useId } from 'react';
import { addDays } from './calendar-model.ts';

/** From and to dates of a list (the API allows at most 400 days); a bad pair is explained. */
export function WindowFields({ from, to, onChange }: { from: string; to: string; onChange: (from: string, to: string) => void }) {
  const id = useId();
  const problem = !from || !to ? 'Give both dates.' : to < from ? 'The end date is before the start date.' : to > addDays(from, 400) ? 'Show at most 400 days at a time.' : undefined;
  return (
    <div className="inline-form window-fields">
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="date" value={from} onChange={(e) => onChange(e.target.value, to)} aria-invalid={problem !== undefined} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <input id={`${id}-to`} type="date" value={to} onChange={(e) => onChange(from, e.target.value)} aria-invalid={problem !== undefined} />
      </div>
      {problem && <p className="field-error">{problem}</p>}
    </div>
  );
}

export function windowOk(from: string, to: string): boolean {
  return Boolean(from && to && to >= from && to <= addDays(from, 400));
}
