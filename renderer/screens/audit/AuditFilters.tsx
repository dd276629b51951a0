import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ProcedureOutput } from '../../api/types.ts';
import { isFiltered, NO_FILTER, type AuditFilterState } from './audit-filter.ts';

type Policy = ProcedureOutput<'policy.get'>;
type User = ProcedureOutput<'users.list'>[number];

/** Who, role, action, scope, outcome and dates. Lists apply at once; the scope applies on Enter or when leaving the field. */
export function AuditFilters({
  value,
  onChange,
  users,
  policy,
}: {
  value: AuditFilterState;
  onChange: (next: AuditFilterState) => void;
  users: User[] | undefined;
  policy: Policy | undefined;
}) {
  const id = useId();
  const [scope, setScope] = useState(value.scope);
  useEffect(() => setScope(value.scope), [value.scope]);
  const set = <K extends keyof AuditFilterState>(key: K, v: AuditFilterState[K]) => onChange({ ...value, [key]: v });
  const applyScope = () => {
    if (scope.trim() !== value.scope) set('scope', scope.trim());
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    applyScope();
  };

  return (
    <form className="filters" role="search" aria-label="Filter the audit log" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-user`}>Person</label>
        <select id={`${id}-user`} value={value.userId} onChange={(e) => set('userId', e.target.value)}>
          <option value="">Everyone</option>
          {(users ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </div>
      {policy && (
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={value.role} onChange={(e) => set('role', e.target.value)}>
            <option value="">Any role</option>
            {policy.roles.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-action`}>Action</label>
        <select id={`${id}-action`} value={value.action} onChange={(e) => set('action', e.target.value)}>
          <option value="">Any action</option>
          {(policy?.actions ?? []).map((a) => (
            <option key={a.name} value={a.name}>
              {a.name}
            </option>
          ))}
          <option value="authenticated">authenticated (no grant needed)</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-scope`}>Scope</label>
        <input
          id={`${id}-scope`}
          value={scope}
          onChange={(e) => setScope(e.target.value)}
          onBlur={applyScope}
          placeholder="e.g. policy, section:costumes"
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-outcome`}>Outcome</label>
        <select id={`${id}-outcome`} value={value.outcome} onChange={(e) => set('outcome', e.target.value as AuditFilterState['outcome'])}>
          <option value="">All outcomes</option>
          <option value="ok">Allowed</option>
          <option value="denied">Denied</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="date" value={value.fromDay} max={value.toDay || undefined} onChange={(e) => set('fromDay', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <input id={`${id}-to`} type="date" value={value.toDay} min={value.fromDay || undefined} onChange={(e) => set('toDay', e.target.value)} />
      </div>
      <div className="filter-actions">
        <button type="submit" className="visually-hidden" tabIndex={-1}>
          Apply
        </button>
        {isFiltered(value) && (
          <button type="button" className="button button-quiet" onClick={() => onChange(NO_FILTER)}>
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}
