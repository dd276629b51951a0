import { useState, type FormEvent } from 'react';
import { errorField, usePolicyMutation, type Role } from './policy-data.ts';

/** Adds a person, optionally with roles (the API refuses a role whose permissions you do not hold yourself). */
export function AddPersonForm({ roles }: { roles: Role[] | undefined }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [added, setAdded] = useState<string | undefined>();
  const create = usePolicyMutation('users.create', {
    onSuccess: (user) => {
      setAdded(user.name);
      setName('');
      setEmail('');
      setChosen([]);
    },
  });
  const field = errorField(create.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAdded(undefined);
    create.mutate(chosen.length ? { name, email, roles: chosen } : { name, email });
  };
  const toggle = (id: string, on: boolean) => setChosen((list) => (on ? [...list, id] : list.filter((r) => r !== id)));

  return (
    <section className="panel" aria-labelledby="add-person-heading">
      <h2 id="add-person-heading" className="section-title">
        Add a person
      </h2>
      <p className="muted">Choose their roles now or later. You can only give a role whose permissions you hold yourself.</p>
      <form onSubmit={submit}>
        <div className="inline-form">
          <div className="field">
            <label htmlFor="person-name">Name</label>
            <input id="person-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" aria-invalid={field === 'name'} />
          </div>
          <div className="field">
            <label htmlFor="person-email">Email</label>
            <input
              id="person-email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoComplete="off"
              aria-invalid={field === 'email'}
            />
          </div>
        </div>
        {roles && roles.length > 0 && (
          <fieldset className="choice-group" aria-invalid={field === 'roles'}>
            <legend>Roles (optional)</legend>
            {roles.map((r) => (
              <label key={r.id} className="checkbox">
                <input type="checkbox" checked={chosen.includes(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />
                {r.name}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add person'}
        </button>
      </form>
      {added && (
        <p className="success" role="status">
          Added {added}.
        </p>
      )}
    </section>
  );
}
