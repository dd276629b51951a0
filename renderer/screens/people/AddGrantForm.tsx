import { useId, useState, type FormEvent } from 'react';
import { errorField, usePolicyMutation, type Policy, type Role } from './policy-data.ts';
import { scopeSuggestions, scopeSyntaxError } from './scope-text.ts';

const EVERY_ACTION = '*';

/** Adds an allow or a deny to a role: an action from the catalogue on a scope (checked by the API). */
export function AddGrantForm({ role, policy }: { role: Role; policy: Policy }) {
  const ids = useId();
  const [effect, setEffect] = useState<'allow' | 'deny'>('allow');
  const [action, setAction] = useState('');
  const [scope, setScope] = useState('');
  const [syntax, setSyntax] = useState<string | undefined>();
  const add = usePolicyMutation('grants.add', {
    onSuccess: () => {
      setScope('');
      setAction('');
    },
  });
  const field = errorField(add.error);
  const info = policy.actions.find((a) => a.name === action);
  const kinds = info ? info.scopes : [...policy.scopeKinds.singletons, ...policy.scopeKinds.withIds];
  const suggestions = scopeSuggestions(kinds, policy.scopeKinds.singletons);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = scopeSyntaxError(scope);
    setSyntax(problem);
    if (problem || !action) return;
    add.mutate({ roleId: role.id, action, scope: scope.trim(), effect });
  };

  return (
    <form className="grant-form" onSubmit={submit} aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>Add a grant to {role.name}</h3>
      <fieldset className="choice-group effect-choice">
        <legend>Effect</legend>
        <label className="checkbox">
          <input type="radio" name={`${ids}-effect`} value="allow" checked={effect === 'allow'} onChange={() => setEffect('allow')} />
          Allow
        </label>
        <label className="checkbox">
          <input type="radio" name={`${ids}-effect`} value="deny" checked={effect === 'deny'} onChange={() => setEffect('deny')} />
          Deny
        </label>
      </fieldset>
      <p className={effect === 'deny' ? 'note note-deny' : 'hint'}>
        {effect === 'deny'
          ? `A deny always wins: whoever holds ${role.name}, or a role inheriting from it, may never do this, whatever any other role allows, however specific.`
          : 'You can only allow what you may do yourself.'}
      </p>
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${ids}-action`}>Action</label>
          <select id={`${ids}-action`} value={action} onChange={(e) => setAction(e.target.value)} aria-invalid={field === 'action'}>
            <option value="">Choose an action…</option>
            {policy.actions.map((a) => (
              <option key={a.name} value={a.name}>
                {a.name} — {a.description}
              </option>
            ))}
            <option value={EVERY_ACTION}>* — every action</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-scope`}>Scope</label>
          <input
            id={`${ids}-scope`}
            value={scope}
            list={`${ids}-scopes`}
            onChange={(e) => setScope(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            placeholder="section:costumes"
            aria-invalid={!!syntax || field === 'scope'}
            aria-describedby={`${ids}-scope-help${syntax ? ` ${ids}-scope-error` : ''}`}
          />
          <datalist id={`${ids}-scopes`}>
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </div>
        <button type="submit" className={effect === 'deny' ? 'button button-danger' : 'button button-primary'} disabled={!action || add.isPending}>
          {effect === 'deny' ? 'Add deny' : 'Add allow'}
        </button>
      </div>
      <p id={`${ids}-scope-help`} className="hint">
        Scope: {info ? `${action} applies to ${info.scopes.join(', ')}; ` : ''}for example section:costumes, production:*, directory, or * for everything.
      </p>
      {syntax && (
        <p id={`${ids}-scope-error`} className="field-error">
          {syntax}
        </p>
      )}
    </form>
  );
}
