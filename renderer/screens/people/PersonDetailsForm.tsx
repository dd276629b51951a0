import { useState, type FormEvent } from 'react';
import { errorField, usePolicyMutation, type User } from './policy-data.ts';

export function PersonDetailsForm({ user }: { user: User }) {
  const [name, setName] = useState(user.name);
  const [email, setEmail] = useState(user.email);
  const [saved, setSaved] = useState(false);
  const update = usePolicyMutation('users.update', { onSuccess: () => setSaved(true) });
  const field = errorField(update.error);
  const changed = name !== user.name || email !== user.email;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    update.mutate({ userId: user.id, ...(name !== user.name ? { name } : {}), ...(email !== user.email ? { email } : {}) });
  };

  return (
    <form className="inline-form" onSubmit={submit} aria-label={`Details of ${user.name}`}>
      <div className="field">
        <label htmlFor="edit-person-name">Name</label>
        <input id="edit-person-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" aria-invalid={field === 'name'} />
      </div>
      <div className="field">
        <label htmlFor="edit-person-email">Email</label>
        <input
          id="edit-person-email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="off"
          aria-invalid={field === 'email'}
        />
      </div>
      <button type="submit" className="button" disabled={!changed || update.isPending}>
        {update.isPending ? 'Saving…' : 'Save details'}
      </button>
      {saved && !changed && (
        <p className="success" role="status">
          Saved.
        </p>
      )}
    </form>
  );
}
