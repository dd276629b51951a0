import { useState, type FormEvent } from 'react';
import { descendantsOf } from './role-tree.ts';
import { usePolicyMutation, type Role } from './policy-data.ts';

/** Which roles this one inherits from. A loop is refused by the API, naming the path that would close it. */
export function RoleParentsForm({ role, roles }: { role: Role; roles: readonly Role[] }) {
  const [parents, setParents] = useState<string[]>(role.parents);
  const save = usePolicyMutation('roles.setParents');
  const below = descendantsOf(roles, role.id);
  const others = roles.filter((r) => r.id !== role.id);
  const changed = parents.length !== role.parents.length || parents.some((p) => !role.parents.includes(p));
  const toggle = (id: string, on: boolean) => setParents((list) => (on ? [...list, id] : list.filter((p) => p !== id)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ roleId: role.id, parents });
  };

  return (
    <form className="editor-part" onSubmit={submit}>
      <fieldset className="choice-group">
        <legend>{role.name} inherits from</legend>
        {others.map((r) => (
          <label key={r.id} className="checkbox">
            <input type="checkbox" checked={parents.includes(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />
            {r.name}
            {below.has(r.id) && <span className="hint"> (inherits from {role.name})</span>}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button" disabled={!changed || save.isPending}>
        Save inheritance
      </button>
    </form>
  );
}
