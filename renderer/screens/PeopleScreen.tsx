import { useState, type FormEvent } from 'react';
import type { ProcedureOutput } from '../api/types.ts';
import { useApiMutation, useApiQuery } from '../data/queries.ts';
import { formatDate, humanize, plural } from '../format.ts';
import { QueryState } from '../shell/QueryState.tsx';
import { ScreenHeader } from '../shell/ScreenHeader.tsx';

type User = ProcedureOutput<'users.list'>[number];

export function PeopleScreen() {
  const users = useApiQuery('users.list', {});
  const org = useApiQuery('org.get', {});
  const zone = org.data?.company.timeZone;
  return (
    <>
      <ScreenHeader title="People & Roles">
        Everyone who can sign in to Callboard{org.data ? ` for ${org.data.company.name}` : ''}. Roles decide what each person may see and edit.
      </ScreenHeader>
      <QueryState query={users} what="people">
        {(list) => <PeopleTable users={list} timeZone={zone} />}
      </QueryState>
      <AddPersonForm />
    </>
  );
}

function PeopleTable({ users, timeZone }: { users: User[]; timeZone: string | undefined }) {
  const withoutRoles = users.filter((u) => u.roles.length === 0).length;
  return (
    <section aria-labelledby="people-heading">
      <h2 id="people-heading" className="section-title">
        {plural(users.length, 'person', 'people')}
      </h2>
      {withoutRoles > 0 && (
        <p className="note">
          {plural(withoutRoles, 'person has', 'people have')} no role yet: they can sign in but see nothing until the company manager gives
          them one.
        </p>
      )}
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Roles</th>
              <th scope="col">Status</th>
              <th scope="col">Added</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row">
                  <span className="person-name">{u.name}</span>
                  <span className="person-email">{u.email}</span>
                </th>
                <td data-label="Roles">
                  {u.roles.length === 0 ? (
                    <span className="muted">No roles yet</span>
                  ) : (
                    <ul className="badges" aria-label={`Roles of ${u.name}`}>
                      {u.roles.map((r) => (
                        <li key={r} className="badge">
                          {humanize(r)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td data-label="Status">
                  <span className={`status-pill status-${u.status}`}>{humanize(u.status)}</span>
                </td>
                <td data-label="Added">{formatDate(u.createdAt, timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function AddPersonForm() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [added, setAdded] = useState<string | undefined>();
  const create = useApiMutation('users.create', {
    onSuccess: (user) => {
      setAdded(user.name);
      setName('');
      setEmail('');
    },
  });
  const field = typeof create.error?.details?.field === 'string' ? create.error.details.field : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAdded(undefined);
    create.mutate({ name, email });
  };

  return (
    <section className="panel" aria-labelledby="add-person-heading">
      <h2 id="add-person-heading" className="section-title">
        Add a person
      </h2>
      <p className="muted">They start with no roles. Only the company manager may add people.</p>
      <form className="inline-form" onSubmit={submit}>
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
