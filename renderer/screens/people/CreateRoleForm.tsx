import { useId, useState, type FormEvent } from 'react';
import { slugify } from './role-tree.ts';
import { errorField, usePolicyMutation, type Role } from './policy-data.ts';

/** A new role, optionally inheriting from others; its id is made from its name. */
export function CreateRoleForm({ roles, onCreated }: { roles: readonly Role[]; onCreated: (id: string) => void }) {
  const ids = useId();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [parents, setParents] = useState<string[]>([]);
  const create = usePolicyMutation('roles.create', {
    onSuccess: (role) => {
      setName('');
      setDescription('');
      setParents([]);
      onCreated(role.id);
    },
  });
  const field = errorField(create.error);
  const id = slugify(name);
  const toggle = (rid: string, on: boolean) => setParents((list) => (on ? [...list, rid] : list.filter((p) => p !== rid)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ id, name, description, parents });
  };

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="section-title">
        Create a role
      </h2>
      <form onSubmit={submit}>
        <div className="inline-form">
          <div className="field">
            <label htmlFor={`${ids}-name`}>Name</label>
            <input
              id={`${ids}-name`}
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="off"
              aria-invalid={field === 'name' || field === 'id'}
              aria-describedby={`${ids}-id`}
            />
            <span id={`${ids}-id`} className="hint">
              {id ? `Its id will be ${id}.` : 'For example: Costume designer.'}
            </span>
          </div>
          <div className="field field-wide">
            <label htmlFor={`${ids}-description`}>Description</label>
            <input id={`${ids}-description`} value={description} onChange={(e) => setDescription(e.target.value)} autoComplete="off" />
          </div>
        </div>
        <fieldset className="choice-group" aria-invalid={field === 'parents'}>
          <legend>Inherits from (optional)</legend>
          {roles.map((r) => (
            <label key={r.id} className="checkbox">
              <input type="checkbox" checked={parents.includes(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />
              {r.name}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button button-primary" disabled={!id || create.isPending}>
          {create.isPending ? 'Creating…' : 'Create role'}
        </button>
      </form>
    </section>
  );
}
