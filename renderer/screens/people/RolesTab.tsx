import { useState } from 'react';
import { QueryState } from '../../shell/QueryState.tsx';
import { CreateRoleForm } from './CreateRoleForm.tsx';
import { RoleDetail } from './RoleDetail.tsx';
import { RoleTree } from './RoleTree.tsx';
import { usePolicy } from './policy-data.ts';

export function RolesTab() {
  const policy = usePolicy();
  const [selected, setSelected] = useState<string | undefined>();
  return (
    <QueryState query={policy} what="roles">
      {(p) => {
        const role = p.roles.find((r) => r.id === selected);
        return (
          <>
            <div className="roles-layout">
              <RoleTree roles={p.roles} selected={role?.id} onSelect={setSelected} />
              {role ? (
                <RoleDetail key={role.id} role={role} policy={p} onDeleted={() => setSelected(undefined)} />
              ) : (
                <p className="empty-inline role-detail-empty">Choose a role to see its grants, what it inherits, and who holds it.</p>
              )}
            </div>
            <CreateRoleForm roles={p.roles} onCreated={setSelected} />
          </>
        );
      }}
    </QueryState>
  );
}
