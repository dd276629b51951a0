import { useId, useState, type FormEvent } from 'react';
import { errorField, usePolicyMutation, type Role } from './policy-data.ts';

export function RoleDetailsForm({ role }: { role: Role }) {
  const ids = useId();
  const [name, setName] = useState(role.name);
  const [description, setDescription] = useState(role.description);
  const update = usePolicyMutation('roles.update');
  const field = errorField(update.error);
  const changed = name !== role.name || description !== role.description;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ roleId: role.id, ...(name !== role.name ? { name } : {}), ...(description !== role.description ? { description } : {}) });
  };

  return (
    <form className="editor-part" onSubmit={submit} aria-label={`Name and description of ${role.name}`}>
      <h3>Name and description</h3>
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${ids}-name`}>Role name</label>
          <input id={`${ids}-name`} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" aria-invalid={field === 'name'} />
        </div>
        <div className="field field-wide">
          <label htmlFor={`${ids}-description`}>Description</label>
          <input id={`${ids}-description`} value={description} onChange={(e) => setDescription(e.target.value)} autoComplete="off" />
        </div>
        <button type="submit" className="button" disabled={!changed || update.isPending}>
          Save role
        </button>
      </div>
    </form>
  );
}
