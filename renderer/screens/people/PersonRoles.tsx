import { useId, useState, type FormEvent } from 'react';
import { usePolicyMutation, type Role, type User } from './policy-data.ts';

/** The roles a person holds, each removable, and a picker to give another. */
export function PersonRoles({ user, roles }: { user: User; roles: Role[] | undefined }) {
  const pickerId = useId();
  const [pick, setPick] = useState('');
  const assign = usePolicyMutation('users.assignRole', { onSuccess: () => setPick('') });
  const unassign = usePolicyMutation('users.unassignRole');
  const byId = new Map((roles ?? []).map((r) => [r.id, r]));
  const name = (id: string) => byId.get(id)?.name ?? id;
  const available = (roles ?? []).filter((r) => !user.roles.includes(r.id));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (pick) assign.mutate({ userId: user.id, roleId: pick });
  };

  return (
    <div className="editor-part">
      <h3>Roles</h3>
      {user.roles.length === 0 ? (
        <p className="muted">{user.name} has no role yet, so they see nothing.</p>
      ) : (
        <ul className="removable-list" aria-label={`Roles held by ${user.name}`}>
          {user.roles.map((r) => (
            <li key={r}>
              <span>{name(r)}</span>
              <button
                type="button"
                className="button button-small"
                disabled={unassign.isPending}
                onClick={() => unassign.mutate({ userId: user.id, roleId: r })}
                aria-label={`Take the role ${name(r)} from ${user.name}`}
              >
                Take away
              </button>
            </li>
          ))}
        </ul>
      )}
      {available.length > 0 && (
        <form className="inline-form" onSubmit={submit}>
          <div className="field">
            <label htmlFor={pickerId}>Give a role</label>
            <select id={pickerId} value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">Choose a role…</option>
              {available.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button" disabled={!pick || assign.isPending}>
            Give role
          </button>
        </form>
      )}
      <p className="hint">You can only give a role whose permissions you hold yourself.</p>
    </div>
  );
}
