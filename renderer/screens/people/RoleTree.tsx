import { plural } from '../../format.ts';
import type { Role } from './policy-data.ts';
import { buildRoleTree, type RoleNode } from './role-tree.ts';

/**
 * Role inheritance as nested lists: each role sits under every role it inherits from, so
 * screen readers announce the nesting and sighted users see the tree lines.
 */
export function RoleTree({ roles, selected, onSelect }: { roles: Role[]; selected: string | undefined; onSelect: (id: string) => void }) {
  const tree = buildRoleTree(roles);
  return (
    <div className="role-tree-wrap">
      <h2 id="role-tree-heading" className="section-title">
        Roles and what they inherit
      </h2>
      <p className="hint">A role under another inherits all its grants. Choose a role to see and change its grants.</p>
      <ul className="role-tree" aria-labelledby="role-tree-heading">
        {tree.map((n) => (
          <RoleItem key={n.key} node={n} selected={selected} onSelect={onSelect} />
        ))}
      </ul>
    </div>
  );
}

function RoleItem({ node, selected, onSelect }: { node: RoleNode; selected: string | undefined; onSelect: (id: string) => void }) {
  const { role } = node;
  const parent = node.inheritsFrom.at(-1);
  return (
    <li>
      <button type="button" className="role-node" aria-current={role.id === selected ? 'true' : undefined} onClick={() => onSelect(role.id)}>
        <span className="role-node-name">{role.name}</span>
        {parent && <span className="role-node-inherits">inherits from {parent}</span>}
        <span className="role-node-meta">
          {plural(role.holders, 'person', 'people')} · {plural(role.grants.length, 'grant')}
          {role.grants.some((g) => g.effect === 'deny') ? ' · has denies' : ''}
        </span>
      </button>
      {node.children.length > 0 && (
        <ul aria-label={`Roles inheriting from ${role.name}`}>
          {node.children.map((c) => (
            <RoleItem key={c.key} node={c} selected={selected} onSelect={onSelect} />
          ))}
        </ul>
      )}
    </li>
  );
}
