import { formatDate, humanize, plural } from '../../format.ts';
import type { User } from './policy-data.ts';

export function PeopleTable({
  users,
  roleName,
  timeZone,
  onManage,
}: {
  users: User[];
  roleName: (id: string) => string;
  timeZone: string | undefined;
  onManage: (userId: string) => void;
}) {
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
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
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
                          {roleName(r)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td data-label="Status">
                  <span className={`status-pill status-${u.status}`}>{humanize(u.status)}</span>
                </td>
                <td data-label="Added">{formatDate(u.createdAt, timeZone)}</td>
                <td className="row-actions">
                  <button type="button" className="button button-small" onClick={() => onManage(u.id)} aria-label={`Manage ${u.name}`}>
                    Manage
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
