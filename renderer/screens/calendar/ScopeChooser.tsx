import { useId } from 'react';
import { SCOPE_LABELS, type EditScope } from './calendar-model.ts';

const HINTS: Record<EditScope, string> = {
  this: 'Only this date changes; the rest of the series stays as it is.',
  following: 'The series is split here: this date and every later one change.',
  all: 'The whole series changes; moving this date moves every date by the same amount.',
};

/** "This occurrence", "This and following", "All occurrences": how far a change to a recurring event reaches. */
export function ScopeChooser({ value, onChange, disabled }: { value: EditScope; onChange: (scope: EditScope) => void; disabled?: boolean }) {
  const id = useId();
  return (
    <fieldset className="choice-group scope-chooser">
      <legend>Change which dates?</legend>
      {(Object.keys(SCOPE_LABELS) as EditScope[]).map((s) => (
        <label key={s} className="checkbox" htmlFor={`${id}-${s}`}>
          <input id={`${id}-${s}`} type="radio" name={`${id}-scope`} value={s} checked={value === s} onChange={() => onChange(s)} disabled={disabled} />
          <span>
            {SCOPE_LABELS[s]}
            <span className="hint">{HINTS[s]}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
