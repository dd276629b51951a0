import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/api-error.ts';
import type { ProcedureOutput } from '../../api/types.ts';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';

type CreditRow = ProcedureOutput<'directory.listCredits'>['credits'][number];
type Department = CreditRow['department'];

export const DEPARTMENT_LABELS: Record<Department, string> = {
  cast: 'Cast',
  creative: 'Creative team',
  production: 'Production team',
  crew: 'Crew',
  orchestra: 'Orchestra',
  'front-of-house': 'Front of house',
};

/** Finds a person by name as you type; the chosen one is shown with a way to change them. */
function PersonPicker({ value, onChange }: { value: { id: string; name: string } | null; onChange: (p: { id: string; name: string } | null) => void }) {
  const [query, setQuery] = useState('');
  const results = useApiQuery('directory.search', { query, limit: 8 }, { enabled: query.trim().length > 0 && value === null });
  if (value) {
    return (
      <p className="chosen-person">
        Person: <strong>{value.name}</strong>{' '}
        <button type="button" onClick={() => onChange(null)}>
          Change
        </button>
      </p>
    );
  }
  return (
    <div className="field person-picker">
      <label htmlFor="credit-person">Person</label>
      <input id="credit-person" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Type a name" autoComplete="off" />
      {results.data && (
        <ul aria-label="Matching people">
          {results.data.hits.map((h) => (
            <li key={h.id}>
              <button type="button" onClick={() => onChange({ id: h.id, name: h.stageName || h.name })}>
                {h.stageName || h.name}
                {h.stageName && <span className="muted"> ({h.name})</span>}
              </button>
            </li>
          ))}
          {results.data.hits.length === 0 && <li className="muted">No one by that name: add them on the People tab first.</li>}
        </ul>
      )}
    </div>
  );
}

/**
 * Adds a credit to a production, or edits one (`credit` given): the person (when adding), the
 * department, the character or position, and the understudy / swing / standby flags.
 */
export function CreditForm({ productionId, credit, onDone }: { productionId: string; credit?: CreditRow; onDone: () => void }) {
  const [person, setPerson] = useState<{ id: string; name: string } | null>(null);
  const [department, setDepartment] = useState<Department>(credit?.department ?? 'cast');
  const [role, setRole] = useState(credit?.role ?? '');
  const [flags, setFlags] = useState({ understudy: credit?.understudy ?? false, swing: credit?.swing ?? false, standby: credit?.standby ?? false });
  const [error, setError] = useState<ApiError | null>(null);
  const queryClient = useQueryClient();
  const options = {
    onError: (e: ApiError) => setError(e),
    onSuccess: () => {
      void queryClient.invalidateQueries();
      setRole('');
      setPerson(null);
      onDone();
    },
  };
  const add = useApiMutation('directory.addCredit', options);
  const update = useApiMutation('directory.updateCredit', options);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (credit) update.mutate({ productionId, creditId: credit.id, department, role, ...flags });
    else if (!person) setError(new ApiError('invalid', 'Choose a person first', { field: 'personId' }));
    else add.mutate({ productionId, personId: person.id, department, role, ...flags });
  };
  const label = credit ? `Edit ${credit.role}` : 'Add a credit';
  return (
    <form className="credit-form" onSubmit={submit} aria-label={label}>
      {!credit && <PersonPicker value={person} onChange={setPerson} />}
      <div className="field">
        <label htmlFor={`credit-dept-${credit?.id ?? 'new'}`}>Department</label>
        <select id={`credit-dept-${credit?.id ?? 'new'}`} value={department} onChange={(e) => setDepartment(e.target.value as Department)}>
          {(Object.keys(DEPARTMENT_LABELS) as Department[]).map((d) => (
            <option key={d} value={d}>
              {DEPARTMENT_LABELS[d]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`credit-role-${credit?.id ?? 'new'}`}>{department === 'cast' ? 'Character' : 'Position'}</label>
        <input id={`credit-role-${credit?.id ?? 'new'}`} value={role} onChange={(e) => setRole(e.target.value)} autoComplete="off" />
      </div>
      {department === 'cast' && (
        <fieldset className="choice-group">
          <legend>Also</legend>
          {(['understudy', 'swing', 'standby'] as const).map((f) => (
            <label key={f} className="checkbox">
              <input type="checkbox" checked={flags[f]} onChange={(e) => setFlags({ ...flags, [f]: e.target.checked })} />
              {f}
            </label>
          ))}
        </fieldset>
      )}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <button type="submit" disabled={add.isPending || update.isPending}>
        {credit ? 'Save credit' : 'Add credit'}
      </button>
      {credit && (
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      )}
    </form>
  );
}
