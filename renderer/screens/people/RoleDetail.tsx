import { plural } from '../../format.ts';
import { AddGrantForm } from './AddGrantForm.tsx';
import { DeleteRole } from './DeleteRole.tsx';
import { GrantList } from './GrantList.tsx';
import { InheritedGrants } from './InheritedGrants.tsx';
import type { Policy, Role } from './policy-data.ts';
import { RoleDetailsForm } from './RoleDetailsForm.tsx';
import { RoleParentsForm } from './RoleParentsForm.tsx';

/** One role: its details, what it inherits from, its own grants (add/remove), inherited grants, and deletion. */
export function RoleDetail({ role, policy, onDeleted }: { role: Role; policy: Policy; onDeleted: () => void }) {
  const holders = policy.users.filter((u) => u.roles.includes(role.id));
  return (
    <section className="panel role-detail" aria-labelledby="role-detail-heading">
      <h2 id="role-detail-heading" className="section-title">
        {role.name} {role.builtIn && <span className="badge">Built in</span>}
      </h2>
      <p className="muted">
        {role.description || 'No description.'} <span className="role-id">Id: {role.id}</span>
      </p>
      <p>
        {holders.length === 0 ? 'Nobody holds this role directly.' : `Held by ${holders.map((u) => u.name).join(', ')}.`}
        {role.holders !== holders.length ? ` (${plural(role.holders, 'holder')})` : ''}
      </p>
      <GrantList role={role} actions={policy.actions} />
      <AddGrantForm role={role} policy={policy} />
      <InheritedGrants role={role} roles={policy.roles} />
      <RoleParentsForm role={role} roles={policy.roles} />
      <RoleDetailsForm role={role} />
      <DeleteRole role={role} onDeleted={onDeleted} />
    </section>
  );
}
